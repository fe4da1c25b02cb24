"""The kinds of file Lernhafen accepts: extensions, the fixed Content-Type of each, and content checks.

This module is the only list of allowed kinds. Settings (WAGTAILDOCS_EXTENSIONS, WAGTAILDOCS_CONTENT_TYPES,
WAGTAILIMAGES_EXTENSIONS, WAGTAILMEDIA["VIDEO_EXTENSIONS"]), the upload forms and the media views read it, so
it imports nothing of Django's models (settings import it before the apps are ready).

A file is accepted when its extension is allowed and its first bytes say the same kind: the content check
must agree with the name, since the name decides the Content-Type it is later served with. The checks here
read bytes only; ffmpeg's look at the streams of a video is in courses.video_processing.

Documents: CSV and TXT are allowed (course checklists and lists are plain text), but only as UTF-8 text
without NUL bytes that does not begin like markup. They are served as text/csv or text/plain attachments
with `X-Content-Type-Options: nosniff`, which browsers neither render as HTML nor run as script.
HTML, JavaScript and SVG have no extension here at all, and every document kind refuses a file whose start
looks like HTML or SVG (a polyglot such as `<html>…%PDF-` or a PDF with `<script` in its first kilobyte).
"""

import codecs
import re
import struct
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

VIDEO_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm"}
CAPTION_TYPES = {"vtt": "text/vtt; charset=utf-8"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
# Wagtail's default list without SVG: an SVG is a document that can carry script.
IMAGE_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
OCTET_STREAM = "application/octet-stream"

# ISO base media file format brands of files that browsers play as video/mp4 (ISO/IEC 14496-12, MP4RA).
# QuickTime ("qt  ") and 3GPP are left out: not every browser plays them.
MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9",
    b"mp41", b"mp42", b"mp71", b"avc1", b"av01", b"dash", b"cmfc",
    b"M4V ", b"M4VH", b"M4VP", b"M4A ", b"f4v ",
}  # fmt: skip
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = 0x4282

# The OOXML main part's content type in [Content_Types].xml (ECMA-376 part 2), and the ODF `mimetype`.
OOXML_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODF_TYPES = {"odt": DOCUMENT_TYPES["odt"], "ods": DOCUMENT_TYPES["ods"]}
ZIP_MAGIC = b"PK\x03\x04"
# What a browser that sniffs would take for HTML or SVG (WHATWG MIME Sniffing, 7.1), at the start or
# anywhere in the first kilobyte.
MARKUP_START = re.compile(
    rb"^\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|\?xml"
    rb"|!--)(?:[\s>/]|$)",
    re.IGNORECASE,
)
MARKUP_ANYWHERE = re.compile(rb"<(?:html|script|svg|iframe|body)[\s>/]", re.IGNORECASE)
HEAD_SIZE = 4096
SMALL_MEMBER = 1024 * 1024  # [Content_Types].xml or `mimetype` larger than this is no office file

NOT_ALLOWED = _(
    "Dateien vom Typ „%(extension)s“ können hier nicht hochgeladen werden. Erlaubt sind: %(allowed)s."
)
NOT_A_VIDEO = _("Diese Datei ist kein Video, das wir abspielen können. Erlaubt sind MP4 (H.264) und WebM.")
NOT_AS_NAMED = _(
    "Der Inhalt der Datei passt nicht zu ihrer Endung „.%(extension)s“. "
    "Bitte die Datei im richtigen Format speichern und erneut hochladen."
)
MARKUP = _("Diese Datei enthält HTML oder SVG. Solche Dateien können hier nicht hochgeladen werden.")
NOT_TEXT = _("Die Datei ist keine Textdatei in UTF-8. Bitte als UTF-8 speichern und erneut hochladen.")


def extension(name):
    """The lower-case extension of a file name without the dot, "" if it has none."""
    stem, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot and stem else ""


def served_type(name, types, default=OCTET_STREAM):
    """The Content-Type a file of this name is served with: fixed by the kind's table, never guessed."""
    return types.get(extension(name), default)


def _head(file, size=HEAD_SIZE):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _require_extension(file, types):
    ext = extension(file.name)
    if ext not in types:
        raise ValidationError(
            NOT_ALLOWED % {"extension": ext or "?", "allowed": ", ".join(sorted(types))}, code="extension"
        )
    return ext


def _ebml_number(data, position, keep_marker):
    """An EBML variable-length number at `position`: (value, next position); IDs keep their marker bit."""
    if position >= len(data) or data[position] == 0:
        raise ValueError("no EBML number")
    first = data[position]
    length = 8 - first.bit_length() + 1
    if position + length > len(data):
        raise ValueError("EBML number cut off")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    return value, position + length


def webm_doctype(head):
    """The DocType of an EBML header at the start of `head`, or None if it is no EBML header."""
    if not head.startswith(EBML_MAGIC):
        return None
    try:
        size, position = _ebml_number(head, 4, keep_marker=False)
        end = min(position + size, len(head))
        while position < end:
            element, position = _ebml_number(head, position, keep_marker=True)
            length, position = _ebml_number(head, position, keep_marker=False)
            if element == EBML_DOCTYPE:
                return head[position : position + length].decode("ascii", "replace")
            position += length
    except ValueError:
        return None
    return None


def mp4_brands(head):
    """The major and compatible brands of an ISO-BMFF `ftyp` box at the start of `head`, else an empty set."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return set()
    (size,) = struct.unpack(">I", head[:4])
    if size < 16 or size > len(head) or size % 4:
        return set()
    major = head[8:12]
    compatible = {head[offset : offset + 4] for offset in range(16, size, 4)}
    return {major} | compatible


def video_container(file):
    """ "mp4" or "webm" judged by the first bytes of the file (not its name), else None."""
    head = _head(file)
    if mp4_brands(head) & MP4_BRANDS:
        return "mp4"
    if webm_doctype(head) == "webm":
        return "webm"
    return None


def check_video_file(file):
    """The extension is a video's and the container (known MP4 brand or WebM header) agrees with it."""
    ext = _require_extension(file, VIDEO_TYPES)
    container = video_container(file)
    if container is None:
        raise ValidationError(NOT_A_VIDEO, code="container")
    if container != {"mp4": "mp4", "m4v": "mp4", "webm": "webm"}[ext]:
        raise ValidationError(NOT_AS_NAMED % {"extension": ext}, code="mismatch")
    return container


def _zip_member(archive, name):
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > SMALL_MEMBER:
        return None
    return archive.read(info)


def _office_kind_agrees(file, ext):
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            if ext in OOXML_MAIN_PARTS:
                types = _zip_member(archive, "[Content_Types].xml")
                # A ContentType attribute with exactly the main part's type, as Word, Excel, PowerPoint,
                # LibreOffice and python-docx/openpyxl write it.
                return types is not None and (
                    f'ContentType="{OOXML_MAIN_PARTS[ext]}"'.encode() in types
                    or f"ContentType='{OOXML_MAIN_PARTS[ext]}'".encode() in types
                )
            members = archive.infolist()
            # ODF 1.2, part 3, 3.3: `mimetype` is the first member, stored, and holds the media type.
            return (
                bool(members)
                and members[0].filename == "mimetype"
                and _zip_member(archive, "mimetype") == ODF_TYPES[ext].encode("ascii")
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return False
    finally:
        file.seek(0)


def _is_utf8_text(file):
    """Valid UTF-8 from the first to the last byte, without NUL (read in chunks: a file may be 20 MB)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    file.seek(0)
    try:
        for chunk in iter(lambda: file.read(64 * 1024), b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def check_document_file(file):
    """A document of an allowed kind whose content is that kind, and no HTML or SVG in disguise."""
    ext = _require_extension(file, DOCUMENT_TYPES)
    head = _head(file)
    start = head.removeprefix(codecs.BOM_UTF8)
    if MARKUP_START.match(start) or MARKUP_ANYWHERE.search(head[:1024]):
        raise ValidationError(MARKUP, code="markup")
    if ext in ("csv", "txt"):
        if not _is_utf8_text(file):
            raise ValidationError(NOT_TEXT, code="encoding")
        return ext
    if ext == "pdf":
        agrees = head.startswith(b"%PDF-")
    else:
        agrees = head.startswith(ZIP_MAGIC) and _office_kind_agrees(file, ext)
    if not agrees:
        raise ValidationError(NOT_AS_NAMED % {"extension": ext}, code="mismatch")
    return ext


def image_type(data):
    """The Content-Type of a JPEG, PNG or WebP judged by its first bytes (posters), else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_head(field_file, size=16):
    """The first bytes of a stored file, for checks at serving time."""
    with field_file.storage.open(field_file.name, "rb") as stored:
        return stored.read(size)


__all__ = [
    "CAPTION_TYPES",
    "DOCUMENT_TYPES",
    "IMAGE_TYPES",
    "OCTET_STREAM",
    "VIDEO_TYPES",
    "check_document_file",
    "check_video_file",
    "extension",
    "image_type",
    "read_head",
    "served_type",
    "video_container",
    "webm_doctype",
]

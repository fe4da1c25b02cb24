"""Uploads are judged by content that must agree with the name: videos, audio description, documents, images.

Every file here is real: videos are made with the ffmpeg of imageio-ffmpeg, office files with zipfile as
Word, Excel and LibreOffice lay them out, images with Pillow.
"""

import io
import os
import subprocess
import zipfile
from pathlib import Path

import imageio_ffmpeg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from courses import file_kinds
from courses.models import Video
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def ffmpeg(target, *arguments):
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    subprocess.run([*command, *arguments, str(target)], check=True, timeout=60)
    return target.read_bytes()


@pytest.fixture(scope="module")
def media_samples(tmp_path_factory):
    """Tiny real files: WebM (VP8 + Opus), Matroska, MP4 without sound, MP4 without picture, QuickTime."""
    folder = tmp_path_factory.mktemp("samples")
    picture = ["-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=10"]
    sound = ["-f", "lavfi", "-i", "sine=duration=1"]
    h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    return {
        "webm": ffmpeg(folder / "a.webm", *picture, *sound, "-c:v", "libvpx", "-c:a", "libopus", "-shortest"),
        "mkv": ffmpeg(folder / "a.mkv", *picture, "-c:v", "libvpx", "-f", "matroska"),
        "silent_mp4": ffmpeg(folder / "silent.mp4", *picture, *h264),
        "sound_only_mp4": ffmpeg(folder / "sound.mp4", *sound, "-c:a", "aac"),
        "mov": ffmpeg(folder / "a.mov", *picture, *h264, "-f", "mov"),
    }


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_superuser=True))
    return client


def stored(folder, stem):
    """Files under the media folder whose names begin with `stem` (other tests share the folder)."""
    path = Path(settings.MEDIA_ROOT) / folder
    return sorted(p.name for p in path.rglob(f"{stem}*") if p.is_file()) if path.exists() else []


def video_form(**fields):
    return {"title": "Antrag", "captions-TOTAL_FORMS": "0", "captions-INITIAL_FORMS": "0", **fields}


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def field_errors(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


# Videos and audio description ------------------------------------------------------------------


def test_the_reviews_html_with_ftyp_as_audio_description_is_refused_and_nothing_is_stored(
    admin_client, sample_mp4
):
    attack = b"\x00\x00\x00\x18ftyp<html><script>alert(document.cookie)</script></html>"

    response = admin_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        video_form(
            file=upload("antrag.mp4", sample_mp4.read_bytes()),
            audio_description=upload("ad-upload-angriff.html", attack),
        ),
    )

    assert response.status_code == 200
    assert field_errors(response, "audio_description") == [
        "Dateien vom Typ „html“ können hier nicht hochgeladen werden. Erlaubt sind: m4v, mp4, webm."
    ]
    assert not Video.objects.exists()
    assert stored("protected", "ad-upload-angriff") == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ad.mp4", b"\x00\x00\x00\x18ftyp<html><script>alert(1)</script>"),  # ftyp, but no known brand
        ("ad.mp4", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"<script>alert(1)</script>" * 4),
    ],
)
def test_an_audio_description_ffmpeg_cannot_read_is_refused(admin_client, sample_mp4, name, data):
    response = admin_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        video_form(file=upload("antrag.mp4", sample_mp4.read_bytes()), audio_description=upload(name, data)),
    )

    assert response.status_code == 200
    assert field_errors(response, "audio_description")[0] in {
        "Diese Datei ist kein Video, das wir abspielen können. Erlaubt sind MP4 (H.264) und WebM.",
        "Die Datei konnte nicht als Video gelesen werden. Bitte als MP4 (H.264) oder WebM neu exportieren.",
    }
    assert not Video.objects.exists()


def test_an_audio_description_without_sound_is_refused(admin_client, sample_mp4, media_samples):
    response = admin_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        video_form(
            file=upload("antrag.mp4", sample_mp4.read_bytes()),
            audio_description=upload("ad.mp4", media_samples["silent_mp4"]),
        ),
    )

    assert field_errors(response, "audio_description") == [
        "Die Datei enthält keine Tonspur. Die Audiodeskription muss zu hören sein."
    ]
    assert not Video.objects.exists()


def test_a_webm_video_with_a_webm_audio_description_is_accepted(admin_client, media_samples):
    response = admin_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        video_form(
            file=upload("antrag.webm", media_samples["webm"]),
            audio_description=upload("ad.webm", media_samples["webm"]),
        ),
    )

    assert response.status_code == 302, response.content.decode()
    video = Video.objects.get()
    assert video.file.name.endswith(".webm")
    assert video.audio_description.name.endswith(".webm")


def test_a_video_without_a_picture_is_refused_at_upload(admin_client, media_samples):
    response = admin_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        video_form(file=upload("upload-ohne-bild.mp4", media_samples["sound_only_mp4"])),
    )

    assert field_errors(response, "file") == ["Die Datei enthält keine Videospur."]
    assert not Video.objects.exists()
    assert stored("protected", "upload-ohne-bild") == []


@pytest.mark.parametrize(
    ("name", "sample", "message"),
    [
        # Matroska is EBML too, but only the DocType "webm" plays in every browser.
        (
            "film.webm",
            "mkv",
            "Diese Datei ist kein Video, das wir abspielen können. Erlaubt sind MP4 (H.264) und WebM.",
        ),
        # QuickTime has an ftyp box, but the brand "qt  " is no MP4.
        (
            "film.mp4",
            "mov",
            "Diese Datei ist kein Video, das wir abspielen können. Erlaubt sind MP4 (H.264) und WebM.",
        ),
        # The name must say what the content is: it decides the Content-Type.
        (
            "film.mp4",
            "webm",
            "Der Inhalt der Datei passt nicht zu ihrer Endung „.mp4“. "
            "Bitte die Datei im richtigen Format speichern und erneut hochladen.",
        ),
    ],
)
def test_a_video_whose_container_does_not_agree_with_its_name_is_refused(
    admin_client, media_samples, name, sample, message
):
    response = admin_client.post(
        reverse("wagtailmedia:add", args=["video"]), video_form(file=upload(name, media_samples[sample]))
    )

    assert field_errors(response, "file") == [message]
    assert not Video.objects.exists()


def test_the_container_check_reads_brands_and_the_ebml_doctype(sample_mp4, media_samples):
    assert file_kinds.video_container(io.BytesIO(sample_mp4.read_bytes())) == "mp4"
    assert file_kinds.video_container(io.BytesIO(media_samples["webm"])) == "webm"
    assert file_kinds.video_container(io.BytesIO(media_samples["mkv"])) is None
    assert file_kinds.video_container(io.BytesIO(media_samples["mov"])) is None
    # The old check took any "webm" in the first bytes of an EBML file.
    assert file_kinds.video_container(io.BytesIO(b"\x1a\x45\xdf\xa3 webm <script>")) is None
    assert file_kinds.webm_doctype(b"\x1a\x45\xdf\xa3\xff") is None  # cut off: no answer, no exception


# Documents ---------------------------------------------------------------------------------------


def office_file(main_part=None, content_type=None, mimetype=None, prefix=b""):
    """A ZIP laid out like OOXML ([Content_Types].xml naming the main part) or ODF (`mimetype` first)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype is not None:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, as ODF wants it
            archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        if main_part is not None:
            types = (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                f'package/2006/content-types"><Override PartName="/{main_part}" ContentType="{content_type}"/>'
                "</Types>"
            )
            archive.writestr("[Content_Types].xml", types, zipfile.ZIP_DEFLATED)
            archive.writestr(main_part, "<document/>", zipfile.ZIP_DEFLATED)
    return prefix + buffer.getvalue()


DOCX = office_file("word/document.xml", file_kinds.OOXML_MAIN_PARTS["docx"])
XLSX = office_file("xl/workbook.xml", file_kinds.OOXML_MAIN_PARTS["xlsx"])
PPTX = office_file("ppt/presentation.xml", file_kinds.OOXML_MAIN_PARTS["pptx"])
ODT = office_file(mimetype="application/vnd.oasis.opendocument.text")
ODS = office_file(mimetype="application/vnd.oasis.opendocument.spreadsheet")


def add_document(client, name, data):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": upload(name, data), "collection": Collection.get_first_root_node().pk},
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("checkliste.pdf", PDF),
        ("brief.docx", DOCX),
        ("tabelle.xlsx", XLSX),
        ("folien.pptx", PPTX),
        ("brief.odt", ODT),
        ("tabelle.ods", ODS),
        ("liste.csv", "Name;Frist\nAntrag;30.06.\nÄnderung;sofort\n".encode()),
        ("notiz.txt", "\ufeffBitte mitbringen: Ausweis, Mietvertrag.\n".encode()),
    ],
)
def test_documents_of_every_allowed_kind_are_accepted(admin_client, name, data):
    response = add_document(admin_client, name, data)

    assert response.status_code == 302, field_errors(response, "file")
    assert Document.objects.get().file.read() == data


MARKUP = "Diese Datei enthält HTML oder SVG. Solche Dateien können hier nicht hochgeladen werden."


def mismatch(extension):
    return (
        f"Der Inhalt der Datei passt nicht zu ihrer Endung „.{extension}“. "
        "Bitte die Datei im richtigen Format speichern und erneut hochladen."
    )


def not_allowed(extension):
    allowed = ", ".join(sorted(file_kinds.DOCUMENT_TYPES))
    return f"Dateien vom Typ „{extension}“ können hier nicht hochgeladen werden. Erlaubt sind: {allowed}."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("seite.html", b"<html><script>alert(1)</script></html>", not_allowed("html")),
        ("skript.js", b"alert(document.cookie)", not_allowed("js")),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', not_allowed("svg")),
        # Polyglots: what a PDF reader opens and a browser would render as HTML.
        ("formular.pdf", b"<html><script>alert(1)</script>\n" + PDF, MARKUP),
        ("formular.pdf", PDF[:20] + b"<script>alert(1)</script>" + PDF[20:], MARKUP),
        ("notiz.txt", b"  <!DOCTYPE html><title>Anmelden</title>", MARKUP),
        ("liste.csv", b"<svg onload=alert(1)>;1\n", MARKUP),
        (
            "brief.docx",
            office_file("word/document.xml", file_kinds.OOXML_MAIN_PARTS["docx"], prefix=b"<html>"),
            MARKUP,
        ),
        # Renamed or wrong inside.
        ("formular.pdf", b"Nur Text, kein PDF.", mismatch("pdf")),
        ("brief.docx", XLSX, mismatch("docx")),
        ("brief.docx", PDF, mismatch("docx")),
        ("tabelle.xlsx", b"PK\x03\x04 kein ZIP", mismatch("xlsx")),
        ("brief.odt", ODS, mismatch("odt")),
        ("tabelle.ods", DOCX, mismatch("ods")),
        ("liste.csv", "Name;Frist\nÄnderung;sofort\n".encode("latin-1"), file_kinds.NOT_TEXT),
        ("notiz.txt", b"Text\x00mit NUL", file_kinds.NOT_TEXT),
    ],
)
def test_refused_documents_get_a_german_message_and_nothing_is_stored(admin_client, name, data, message):
    name = f"abgelehnt-{name}"  # the accepted files of the test above have the plain names
    response = add_document(admin_client, name, data)

    assert response.status_code == 200
    assert field_errors(response, "file") == [str(message)]
    assert not Document.objects.exists()
    assert stored("documents", name.rpartition(".")[0]) == []


def test_the_multiple_upload_refuses_the_same_files(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("formular.pdf", b"<html><script>alert(1)</script>%PDF-1.4")},
    )

    assert response.json()["success"] is False
    assert MARKUP in response.json()["error_message"]
    assert not Document.objects.exists()


# Images ------------------------------------------------------------------------------------------


def add_image(client, name, data):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": upload(name, data), "collection": Collection.get_first_root_node().pk},
    )


def png(width, height, mode="1", noise=False):
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new(mode, (width, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=0 if noise else 6)
    return buffer.getvalue()


def test_images_are_bounded_by_the_settings_in_bytes_and_pixels(admin_client):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS

    huge = add_image(admin_client, "riesig.png", png(8000, 6000))  # 48 megapixels, a few kilobytes
    heavy_data = png(1900, 1900, noise=True)  # about 10.8 MB that do not compress
    assert len(heavy_data) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    heavy = add_image(admin_client, "schwer.png", heavy_data)
    fine = add_image(admin_client, "passt.png", png(640, 480))

    assert huge.status_code == heavy.status_code == 200
    assert field_errors(huge, "file") == [
        "Dieses Bild hat zu viele Pixel (48000000). Das Maximum ist 40000000."
    ]
    assert field_errors(heavy, "file")[0].startswith("Die Datei ist zu groß (")
    assert field_errors(heavy, "file")[0].endswith("Maximale Dateigröße 10,0\xa0MB.")
    assert fine.status_code == 302
    assert [image.title for image in get_image_model().objects.all()] == ["passt.png"]


def test_an_svg_image_is_refused(admin_client):
    response = add_image(
        admin_client, "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    )

    assert response.status_code == 200
    assert field_errors(response, "file") == [
        "Nicht unterstütztes Bildformat. Unterstützte Bildformate: AVIF, GIF, JPG, JPEG, PNG, WEBP."
    ]
    assert not get_image_model().objects.exists()

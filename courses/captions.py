"""A small strict WebVTT parser that tells editors which line of a caption file is wrong."""

import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _

MAX_CAPTION_FILE_SIZE = 2 * 1024 * 1024

# At most 9999 hours: a longer run of digits is no timestamp (and Python refuses to read 4,300+ digits).
TIMESTAMP = re.compile(r"^(?:(\d{2,4}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
TIMING_LINE = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$")


class Cue(NamedTuple):
    start_ms: int
    end_ms: int
    text: str


class WebVTTError(ValueError):
    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(
            _("Die Untertiteldatei ist fehlerhaft: Zeile %(line)d: %(message)s")
            % {"line": line, "message": message}
        )


def format_timestamp(ms):
    """Milliseconds as a WebVTT timestamp, always with hours: 00:01:05.250."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_timestamp(text):
    """A WebVTT timestamp (hh:mm:ss.ttt or mm:ss.ttt) in milliseconds, or None if it is not one."""
    match = TIMESTAMP.match(text)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def _parse_timing(line_number, line):
    match = TIMING_LINE.match(line)
    start = parse_timestamp(match.group(1)) if match else None
    end = parse_timestamp(match.group(2)) if match else None
    if start is None or end is None:
        raise WebVTTError(
            line_number,
            _(
                "Die Zeitangabe „%(timing)s“ ist ungültig. "
                "Erwartet wird z. B. „00:00:01.000 --> 00:00:04.000“."
            )
            % {"timing": Truncator(line).chars(60)},
        )
    if end < start:
        raise WebVTTError(
            line_number, _("Die Zeitangabe „%(timing)s“ endet vor ihrem Beginn.") % {"timing": line}
        )
    if end == start:
        raise WebVTTError(line_number, _("Die Zeitangabe „%(timing)s“ dauert 0 Sekunden.") % {"timing": line})
    return start, end


def parse_webvtt(data):
    """Parse WebVTT bytes into cues; raise WebVTTError naming the first wrong line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WebVTTError(
            data.count(b"\n", 0, error.start) + 1,
            _("Die Datei ist nicht als UTF-8 gespeichert. Bitte in UTF-8 speichern und erneut hochladen."),
        ) from error
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")

    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise WebVTTError(1, _("Die Datei muss mit der Zeile „WEBVTT“ beginnen."))

    # Blocks are separated by blank lines; the first block is the header.
    blocks, current = [], []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    for number, line in blocks[0]:
        if "-->" in line:
            raise WebVTTError(number, _("Vor der ersten Zeitangabe fehlt eine Leerzeile nach „WEBVTT“."))

    cues, previous_start = [], 0
    for block in blocks[1:]:
        first_number, first_line = block[0]
        if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", first_line):
            continue
        # A cue may start with an identifier line; the timing line comes first or second.
        timing_index = 0 if "-->" in first_line else 1
        if timing_index >= len(block) or "-->" not in block[timing_index][1]:
            raise WebVTTError(
                first_number,
                _("Hier fehlt die Zeitangabe, z. B. „00:00:01.000 --> 00:00:04.000“, vor dem Text."),
            )
        number, timing = block[timing_index]
        start, end = _parse_timing(number, timing)
        if start < previous_start:
            raise WebVTTError(
                number,
                _("Die Zeitangabe „%(timing)s“ beginnt vor dem vorigen Untertitel (%(previous)s).")
                % {"timing": timing, "previous": format_timestamp(previous_start)},
            )
        for text_number, text_line in block[timing_index + 1 :]:
            if "-->" in text_line:
                raise WebVTTError(
                    text_number,
                    _("Vor dieser Zeitangabe fehlt eine Leerzeile: „%(line)s“.") % {"line": text_line},
                )
        cues.append(Cue(start, end, "\n".join(line for _number, line in block[timing_index + 1 :])))
        previous_start = start

    if not cues:
        raise WebVTTError(len(lines), _("Die Datei enthält keine Untertitel."))
    return cues


def validate_caption_file(file):
    """Form validator for an uploaded caption file: size, then the strict parse."""
    if file.size > MAX_CAPTION_FILE_SIZE:
        raise ValidationError(_("Die Untertiteldatei ist zu groß (höchstens 2 MB)."))
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        parse_webvtt(data)
    except WebVTTError as error:
        raise ValidationError(str(error)) from error

"""WebVTT caption files read the way browsers read them, with German messages that name the line.

The parser follows the W3C "WebVTT parser algorithm" (https://www.w3.org/TR/webvtt1/#file-parsing): a file is
accepted when a browser shows every cue of it. What a browser shows although the file breaks an authoring rule
(a one-digit hour, no blank line after the header or between cues, cues out of order, settings it ignores) is a
warning for the editor. What a browser would drop or garble without a word (a cue with a timing it cannot
read, digits that are not ASCII, NUL bytes, a file without a single line of text) is refused.
"""

import html
import re
from itertools import pairwise
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _

MAX_CAPTION_FILE_SIZE = 2 * 1024 * 1024
# No video here lasts 100 hours: a cue after that could never be shown (and thousands of digits are no number).
MAX_HOURS = 99

ASCII_DIGITS = re.compile(r"[0-9]*")
WHITESPACE = " \t\n\f\r"
SETTING_VALUES = {
    "vertical": re.compile(r"rl|lr"),
    "line": re.compile(r"-?\d+(\.\d+)?%?(,(start|center|end))?"),
    "position": re.compile(r"\d+(\.\d+)?%(,(line-left|center|line-right))?"),
    "size": re.compile(r"\d+(\.\d+)?%"),
    "align": re.compile(r"start|center|end|left|right"),
    "region": re.compile(r"\S+"),
}


class Cue(NamedTuple):
    start_ms: int
    end_ms: int
    text: str


class CaptionWarning(NamedTuple):
    line: int
    message: str

    def __str__(self):
        return _("Zeile %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class Captions(NamedTuple):
    """The cues in the order a browser plays them, the authoring slips it forgives (warnings), what it drops
    or never shows (problems, as WebVTTError) and the number of lines."""

    cues: list
    warnings: list
    problems: list
    lines: int


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


class _Timestamp(NamedTuple):
    ms: int
    end: int  # position after the timestamp
    short_hours: bool  # hours written with one digit: shown by browsers, against the authoring rules


def _collect_timestamp(text, position):
    """The spec's "collect a WebVTT timestamp": None where a browser fails; hours are checked by the caller."""

    def digits(at):
        run = ASCII_DIGITS.match(text, at).group()
        return run, at + len(run)

    first, position = digits(position)
    if not first:
        return None
    hours_given = len(first) != 2 or int(first) > 59
    if text[position : position + 1] != ":":
        return None
    second, position = digits(position + 1)
    if len(second) != 2:
        return None
    if hours_given or text[position : position + 1] == ":":
        if text[position : position + 1] != ":":
            return None
        third, position = digits(position + 1)
        if len(third) != 2:
            return None
        hours, minutes, seconds = first, second, third
    else:
        hours, minutes, seconds = "00", first, second
    if text[position : position + 1] != ".":
        return None
    fraction, position = digits(position + 1)
    if len(fraction) != 3 or int(minutes) > 59 or int(seconds) > 59:
        return None
    if len(hours.lstrip("0")) > len(str(MAX_HOURS)) or int(hours) > MAX_HOURS:
        return _Timestamp(-1, position, False)
    ms = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(fraction)
    return _Timestamp(ms, position, len(hours) == 1)


def parse_timestamp(text):
    """A WebVTT timestamp (hh:mm:ss.ttt or mm:ss.ttt) in milliseconds, or None if it is not one."""
    stamp = _collect_timestamp(text, 0)
    if stamp is None or stamp.end != len(text) or stamp.ms < 0:
        return None
    return stamp.ms


def _invalid_timing(number, line):
    if any(char.isdigit() and not char.isascii() for char in line):
        message = _(
            "Die Zeitangabe „%(timing)s“ enthält Ziffern, die kein Browser liest. "
            "Bitte nur die Ziffern 0 bis 9 verwenden."
        )
    else:
        message = _(
            "Die Zeitangabe „%(timing)s“ ist ungültig. Erwartet wird z. B. „00:00:01.000 --> 00:00:04.000“."
        )
    return WebVTTError(number, message % {"timing": Truncator(line).chars(60)})


def _parse_timing(number, line, warnings, problems):
    """The spec's "collect WebVTT cue timings and settings": raises where a browser drops the cue, and adds a
    problem where it keeps a cue that is never shown."""
    position = len(line) - len(line.lstrip(WHITESPACE))
    start = _collect_timestamp(line, position)
    if start is None:
        raise _invalid_timing(number, line)
    rest = line[start.end :]
    gap = rest[: len(rest) - len(rest.lstrip(WHITESPACE))]
    if not rest.lstrip(WHITESPACE).startswith("-->"):
        raise _invalid_timing(number, line)
    after = rest.lstrip(WHITESPACE)[3:]
    position = len(after) - len(after.lstrip(WHITESPACE))
    end = _collect_timestamp(after, position)
    if end is None:
        raise _invalid_timing(number, line)
    timing = {"timing": Truncator(line).chars(60), "hours": MAX_HOURS}
    if start.ms < 0 or end.ms < 0:
        problems.append(
            WebVTTError(
                number,
                _(
                    "Die Zeitangabe „%(timing)s“ liegt nach mehr als %(hours)d Stunden; so lang ist kein Video."
                )
                % timing,
            )
        )
    elif end.ms < start.ms:
        problems.append(
            WebVTTError(number, _("Die Zeitangabe „%(timing)s“ endet vor ihrem Beginn.") % timing)
        )
    elif end.ms == start.ms:
        problems.append(WebVTTError(number, _("Die Zeitangabe „%(timing)s“ dauert 0 Sekunden.") % timing))
    if start.short_hours or end.short_hours:
        warnings.append(
            CaptionWarning(number, _("Stunden bitte zweistellig schreiben, z. B. „01:02:03.000“."))
        )
    if not gap or position == 0:
        warnings.append(CaptionWarning(number, _("Vor und nach „-->“ gehört ein Leerzeichen.")))
    _check_settings(number, after[end.end :], warnings)
    return start.ms, end.ms


def _check_settings(number, settings, warnings):
    for setting in settings.split():
        name, colon, value = setting.partition(":")
        pattern = SETTING_VALUES.get(name)
        if not colon or pattern is None or not pattern.fullmatch(value):
            warnings.append(
                CaptionWarning(
                    number, _("Browser übergehen die Einstellung „%(setting)s“.") % {"setting": setting}
                )
            )


def _lines(text):
    """The lines of the file, numbered from 1, after the spec's line-ending normalisation."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_webvtt(data):
    """The captions of WebVTT bytes; raise WebVTTError naming the first line a browser would lose or garble."""
    captions = read_webvtt(data)
    if captions.problems:
        raise min(captions.problems, key=lambda error: error.line)
    if not captions.cues:
        raise WebVTTError(captions.lines, _("Die Datei enthält keine Untertitel."))
    if not any(cue.text.strip() for cue in captions.cues):
        raise WebVTTError(captions.lines, _("Die Untertitel der Datei enthalten keinen Text."))
    return captions


def read_webvtt(data):
    """Read WebVTT bytes as a browser does: the cues it keeps, the slips it forgives, what it loses."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WebVTTError(
            data.count(b"\n", 0, error.start) + 1,
            _("Die Datei ist nicht als UTF-8 gespeichert. Bitte in UTF-8 speichern und erneut hochladen."),
        ) from error
    lines = _lines(text.removeprefix("\ufeff"))
    for number, line in enumerate(lines, start=1):
        if "\0" in line:
            raise WebVTTError(
                number, _("Die Zeile enthält ein Nullzeichen; ein Browser zeigt es verfälscht.")
            )
    if not re.match(r"WEBVTT(?:[ \t]|$)", lines[0]):
        raise WebVTTError(1, _("Die Datei muss mit der Zeile „WEBVTT“ beginnen."))

    warnings, problems, cues = [], [], []
    index = _skip_header(lines, warnings)
    seen_cue = False
    while index < len(lines):
        while index < len(lines) and lines[index] == "":
            index += 1
        if index == len(lines):
            break
        cue, index = _collect_block(lines, index, seen_cue, warnings, problems)
        if cue is not None:
            cues.append(cue)
            seen_cue = True

    for (previous, _line), (cue, line) in pairwise(cues):
        if cue.start_ms < previous.start_ms:
            warnings.append(
                CaptionWarning(
                    line,
                    _(
                        "Dieser Untertitel beginnt vor dem vorigen (%(previous)s). Der Browser sortiert ihn ein."
                    )
                    % {"previous": format_timestamp(previous.start_ms)},
                )
            )
            break
    cues = sorted((cue for cue, _line in cues), key=lambda cue: (cue.start_ms, cue.end_ms))
    return Captions(cues, warnings, problems, len(lines))


def _skip_header(lines, warnings):
    """The index after the header block; a timing line in it starts the first cue (the spec's "in header")."""
    index = 1
    while index < len(lines) and lines[index] != "":
        if "-->" in lines[index]:
            warnings.append(CaptionWarning(index + 1, _("Nach der Kopfzeile „WEBVTT“ fehlt eine Leerzeile.")))
            return index
        index += 1
    return index


def _collect_block(lines, index, seen_cue, warnings, problems):
    """The spec's "collect a WebVTT block": (cue, its timing line) or None for a note, style or region block,
    and the index of the next line."""
    first = index
    identifier, timing, text = [], None, []
    while index < len(lines) and lines[index] != "":
        line, count = lines[index], index - first + 1
        if "-->" in line:
            if timing is None and (count == 1 or count == 2):
                timing = (index + 1, line)
            else:
                warnings.append(CaptionWarning(index + 1, _("Vor dieser Zeitangabe fehlt eine Leerzeile.")))
                break
        elif timing is None:
            identifier.append(line)
        else:
            text.append(line)
        index += 1

    head = lines[first]
    if timing is None:
        if re.match(r"NOTE(?:[ \t]|$)", head):
            return None, index
        if re.match(r"(STYLE|REGION)(?:[ \t]|$)", head):
            if seen_cue:
                warnings.append(
                    CaptionWarning(
                        first + 1, _("Browser übergehen STYLE- und REGION-Blöcke nach dem ersten Untertitel.")
                    )
                )
            return None, index
        problems.append(
            WebVTTError(
                first + 1,
                _("Hier fehlt die Zeitangabe, z. B. „00:00:01.000 --> 00:00:04.000“, vor dem Text."),
            )
        )
        return None, index
    try:
        start, end = _parse_timing(*timing, warnings, problems)
    except WebVTTError as error:
        # A browser drops the block; that loses something only when the block has text.
        if any(line.strip() for line in text):
            problems.append(error)
        else:
            warnings.append(CaptionWarning(error.line, error.message))
        return None, index
    return (Cue(start, end, "\n".join(text)), timing[0]), index


def validate_caption_file(file):
    """Form validator for an uploaded caption file: size, then the parse. Returns the warnings for the editor."""
    if file.size > MAX_CAPTION_FILE_SIZE:
        raise ValidationError(_("Die Untertiteldatei ist zu groß (höchstens 2 MB)."))
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        return parse_webvtt(data).warnings
    except WebVTTError as error:
        raise ValidationError(str(error)) from error


_CUE_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[^>]*>")


def cue_lines(text):
    """A cue's lines as a reader sees them: without WebVTT tags (<v Anna>, <c>, <b>, timestamps), entities
    decoded, empty lines left out."""
    text = html.unescape(_CUE_TAG.sub("", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def transcript_from_cues(cues, pause_ms=2000):
    """A transcript made from caption cues: their text in playing order, lines that repeat the cue before left
    out (the rolling two-line captions of YouTube's automatic captions), a new paragraph after a pause."""
    paragraphs, current, previous, last_end = [], [], set(), None
    for cue in cues:
        lines = cue_lines(cue.text)
        new = [line for line in lines if line not in previous]
        if last_end is not None and cue.start_ms - last_end >= pause_ms and current:
            paragraphs.append(" ".join(current))
            current = []
        current += new
        previous, last_end = set(lines), cue.end_ms
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def transcript_text(data):
    """The transcript of a caption file's bytes, or "" for a file the validator would refuse."""
    captions = read_webvtt(data)
    if captions.problems:
        return ""
    return transcript_from_cues(captions.cues)

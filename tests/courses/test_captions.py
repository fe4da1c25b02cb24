"""WebVTT read as browsers read it: every file a browser shows in full is accepted (with warnings for authoring
slips); what a browser would drop or garble is refused with the line and a German message."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.captions import WebVTTError, format_timestamp, parse_timestamp, parse_webvtt, read_webvtt

DATA = Path(__file__).parent / "data" / "webvtt"

GOOD = """WEBVTT - Antrag online stellen

NOTE Untertitel für das Erklärvideo

1
00:00:00.000 --> 00:00:02.500
Willkommen im Jobcenter.

00:02.500 --> 00:05.000 align:start
Hier stellen Sie Ihren Antrag
online.
"""


def error_of(text):
    with pytest.raises(WebVTTError) as caught:
        parse_webvtt(text.encode() if isinstance(text, str) else text)
    return caught.value


def test_a_valid_file_gives_its_cues_in_milliseconds_and_no_warnings():
    captions = parse_webvtt(GOOD.encode())
    assert [(cue.start_ms, cue.end_ms, cue.text) for cue in captions.cues] == [
        (0, 2500, "Willkommen im Jobcenter."),
        (2500, 5000, "Hier stellen Sie Ihren Antrag\nonline."),
    ]
    assert captions.warnings == []


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_and_a_byte_order_mark_are_fine(ending):
    captions = parse_webvtt(b"\xef\xbb\xbf" + GOOD.replace("\n", ending).encode())
    assert [cue.text for cue in captions.cues] == [
        "Willkommen im Jobcenter.",
        "Hier stellen Sie Ihren Antrag\nonline.",
    ]


# Real exports -------------------------------------------------------------------------------------------------


def test_a_yt_dlp_auto_caption_export_is_accepted_with_its_one_space_lines():
    captions = parse_webvtt((DATA / "exports" / "yt-dlp-auto-de.vtt").read_bytes())
    assert len(captions.cues) == 5
    assert captions.cues[0].text == " \nwillkommen<00:00:00.640><c> im</c><00:00:00.880><c> jobcenter</c>"
    assert captions.cues[1].text == "willkommen im jobcenter\n "
    assert captions.warnings == []


def test_a_youtube_dl_export_with_a_style_header_is_accepted():
    captions = parse_webvtt((DATA / "exports" / "youtube-dl-auto-de.vtt").read_bytes())
    assert [(cue.start_ms, cue.end_ms) for cue in captions.cues] == [(429, 3040), (3040, 3050), (3050, 6389)]
    assert captions.warnings == []


def test_a_subtitle_edit_export_with_numbered_cues_is_accepted():
    captions = parse_webvtt((DATA / "exports" / "subtitle-edit-de.vtt").read_bytes())
    assert [cue.text for cue in captions.cues] == [
        "Guten Tag.",
        "Hier sehen Sie, wie Sie\nIhren Antrag online stellen.",
    ]


def test_authoring_slips_are_accepted_with_a_warning_each():
    captions = parse_webvtt((DATA / "exports" / "authoring-slips.vtt").read_bytes())
    assert [(cue.start_ms, cue.end_ms) for cue in captions.cues] == [(0, 2000), (2000, 4000), (3000, 5000)]
    assert [(warning.line, warning.message) for warning in captions.warnings] == [
        (2, "Nach der Kopfzeile „WEBVTT“ fehlt eine Leerzeile."),
        (4, "Vor dieser Zeitangabe fehlt eine Leerzeile."),
        (4, "Stunden bitte zweistellig schreiben, z. B. „01:02:03.000“."),
        (4, "Browser übergehen die Einstellung „align:mitte“."),
        (7, "Vor und nach „-->“ gehört ein Leerzeichen."),
    ]
    assert str(captions.warnings[0]) == "Zeile 2: Nach der Kopfzeile „WEBVTT“ fehlt eine Leerzeile."


def test_cues_out_of_order_are_sorted_as_a_browser_does_with_a_warning():
    captions = parse_webvtt(b"WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n")
    assert [cue.text for cue in captions.cues] == ["A", "B"]
    assert [warning.line for warning in captions.warnings] == [6]


# What a browser loses is refused --------------------------------------------------------------------------------


def test_a_cue_that_ends_before_it_starts_is_refused_with_its_line():
    error = error_of("WEBVTT\n\n1\n00:00:05.000 --> 00:00:02.000\nText\n")
    assert str(error) == (
        "Die Untertiteldatei ist fehlerhaft: Zeile 4: "
        "Die Zeitangabe „00:00:05.000 --> 00:00:02.000“ endet vor ihrem Beginn."
    )
    assert error.line == 4


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Untertitel\n\n00:00.000 --> 00:01.000\nText\n", 1, "„WEBVTT“"),
        ("WEBVTTX\n\n00:00.000 --> 00:01.000\nText\n", 1, "„WEBVTT“"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\n0:00:01,000 --> 0:00:02,000\nB\n", 6, "ungültig"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\n00:01.000 --> 00:01.000\nB\n", 6, "0 Sekunden"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\nnur Text ohne Zeit\n", 6, "fehlt die Zeitangabe"),
        ("WEBVTT\n\nNOTE nur eine Notiz\n", 4, "keine Untertitel"),
        ("WEBVTT", 1, "keine Untertitel"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\n\n00:01.000 --> 00:02.000\n \n", 7, "keinen Text"),
        # Arabic-Indic and full-width digits look like times; a browser drops the cue without a word.
        ("WEBVTT\n\n٠٠:٠١.٠٠٠ --> ٠٠:٠٢.٠٠٠\nمرحبا\n", 3, "Ziffern 0 bis 9"),
        ("WEBVTT\n\n00:01.000 --> ００:02.000\nText\n", 3, "Ziffern 0 bis 9"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nTe\0xt\n", 4, "Nullzeichen"),
        ("WEBVTT\n\n100:00:00.000 --> 100:00:01.000\nText\n", 3, "99 Stunden"),
        # Thousands of digits are no hours (reading them as a number would fail with a 500).
        ("WEBVTT\n\n" + "9" * 5000 + ":00:00.000 --> " + "9" * 5000 + ":00:01.000\nA\n", 3, "99 Stunden"),
        # The text of a cue with three identifier lines is dropped by browsers.
        ("WEBVTT\n\nid\nnoch eine Zeile\n00:00.000 --> 00:01.000\nA\n", 3, "fehlt die Zeitangabe"),
    ],
)
def test_what_a_browser_loses_is_refused_with_its_line(text, line, fragment):
    error = error_of(text)
    assert error.line == line
    assert f"Zeile {line}:" in str(error)
    assert fragment in str(error)


def test_a_setting_a_browser_ignores_is_only_a_warning_however_long():
    captions = parse_webvtt(("WEBVTT\n\n00:00.000 --> 00:01.000 " + "9" * 5000 + "\nA\n").encode())
    assert [cue.text for cue in captions.cues] == ["A"]
    assert [warning.line for warning in captions.warnings] == [3]


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    error = error_of("WEBVTT\n\n00:00.000 --> 00:01.000\nGrüße\n".encode("latin-1"))
    assert error.line == 4
    assert "UTF-8" in str(error)


@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda text: ("WEBVTT\n\n" + text).encode()))
def test_no_input_raises_anything_but_its_own_error(data):
    try:
        captions = parse_webvtt(data)
    except WebVTTError as error:
        assert error.line >= 1
        assert str(error).startswith("Die Untertiteldatei ist fehlerhaft: Zeile ")
    else:
        assert captions.cues
        assert all(0 <= cue.start_ms < cue.end_ms for cue in captions.cues)


# The web-platform-tests cases (BSD licence, see data/webvtt/wpt/README.md) -------------------------------------

ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0tfvrn\\\n])")
SIMPLE_ESCAPES = {"0": "\0", "t": "\t", "f": "\f", "v": "\v", "r": "\r", "n": "\n", "\\": "\\", "\n": ""}
# Whether our check accepts the file (a browser shows every cue) or refuses it at a line (a browser loses one).
VERDICTS = {
    "arrows": None,  # the blocks a browser drops ("-->", "00:00:00.000 -a -->") hold no text: warnings
    "ids": None,
    "settings-align": None,
    "signature-no-newline": 1,  # no cue at all
    "timings-negative": 3,  # a cue of 0 seconds is never shown
    "timings-omitted-hours": None,
    "timings-too-long": 6,
    "timings-too-short": 6,
    "whitespace-chars": 16,  # a vertical tab is no white space: the cue is dropped
}


def wpt_case(name):
    source = (DATA / "wpt" / f"{name}.test").read_text(encoding="utf-8")
    expected, vtt = source.split("\n===\n", 1)

    def unescape(match):
        code = match.group(1)
        return chr(int(code[1:], 16)) if code[0] in "xu" else SIMPLE_ESCAPES[code]

    return expected, ESCAPE.sub(unescape, vtt)


def expected_values(expected, field):
    """cues[i].field from the browser test's literal assertions."""
    found = re.findall(rf"assert_equals\(cues\[(\d+)\]\.{field}, ['\"]([^'\"]*)['\"]\)", expected)
    return {int(index): value for index, value in found}


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_the_cues_a_browser_keeps_match_the_web_platform_tests(name):
    expected, vtt = wpt_case(name)
    data = vtt.encode("utf-8")
    cues = read_webvtt(data).cues

    assert len(cues) == int(re.search(r"assert_equals\(cues\.length, (\d+)", expected).group(1))
    for index, text in expected_values(expected, "text").items():
        assert cues[index].text == text
    if "'text' + (index + 1)" in expected:
        assert [cue.text for cue in cues] == [f"text{n}" for n in range(1, len(cues) + 1)]
    if "assert_equals(cue.startTime, 0" in expected:
        assert {(cue.start_ms, cue.end_ms) for cue in cues} == {(0, 1000)}
    for index, start, end in re.findall(
        r"assert_equals\(cues\[(\d+)\]\.startTime, (\d+)\);\n.*endTime, (\d+)\)", expected
    ):
        assert (cues[int(index)].start_ms, cues[int(index)].end_ms) == (int(start) * 1000, int(end) * 1000)

    line = VERDICTS[name]
    if line is None:
        assert parse_webvtt(data).cues == cues
    else:
        assert error_of(data).line == line


def test_the_negative_timings_case_keeps_its_times_as_a_browser_does():
    _expected, vtt = wpt_case("timings-negative")
    cues = read_webvtt(vtt.encode()).cues
    assert [(cue.start_ms, cue.end_ms) for cue in cues] == [
        (0, 0),
        (1000, 999),
        (60000, 59999),
        (3600000, 3599999),
    ]


# Timestamps ------------------------------------------------------------------------------------------------------


@given(
    start=st.integers(min_value=0, max_value=99 * 3600 * 1000),
    length=st.integers(min_value=1, max_value=3600 * 1000 - 1),
)
def test_formatting_then_parsing_a_cue_timing_round_trips(start, length):
    end = min(start + length, 99 * 3600 * 1000 + 3599999)
    if end <= start:
        return
    assert parse_timestamp(format_timestamp(start)) == start
    cues = parse_webvtt(
        f"WEBVTT\n\n{format_timestamp(start)} --> {format_timestamp(end)}\nText\n".encode()
    ).cues
    assert (cues[0].start_ms, cues[0].end_ms) == (start, end)


@given(ms=st.integers(min_value=0, max_value=3600 * 1000 - 1))
def test_the_short_form_without_hours_means_the_same_time(ms):
    assert parse_timestamp(format_timestamp(ms).removeprefix("00:")) == ms


@pytest.mark.parametrize(
    "text", ["", "00:00", "00:60.000", "١٢:٠٠.٠٠٠", "00:00.000 ", "9" * 5000 + ":00:00.000"]
)
def test_what_is_no_timestamp_gives_none(text):
    assert parse_timestamp(text) is None


def test_a_transcript_is_made_from_the_cues_of_a_real_export():
    """yt-dlp's automatic captions roll: each cue repeats the line before. The transcript says everything once."""
    from courses.captions import transcript_text

    text = transcript_text((DATA / "exports" / "yt-dlp-auto-de.vtt").read_bytes())
    words = text.split()
    assert text.startswith("willkommen im jobcenter heute zeigen wir ihnen wie sie den antrag online stellen")
    assert "<" not in text and "&" not in text
    assert words.count("willkommen") == 1


def test_a_transcript_starts_a_paragraph_after_a_pause_and_drops_tags():
    from courses.captions import transcript_text

    data = (
        b"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Anna>Guten Tag.</v>\n\n"
        b"00:02.000 --> 00:04.000\nIch bin <b>Anna</b> &amp; das ist Lars.\n\n"
        b"00:09.000 --> 00:10.000\nEin neues Thema.\n"
    )
    assert transcript_text(data) == "Guten Tag. Ich bin Anna & das ist Lars.\n\nEin neues Thema."
    assert transcript_text(b"WEBVTT\n\n00:01.000 --> 00:00.500\nfalsch\n") == ""


def cues(text):
    return f"WEBVTT\n\n00:00.000 --> 00:02.000\n{text}\n".encode()


def test_a_track_makes_its_transcript_from_a_new_file_and_leaves_it_on_other_saves(db):
    """Saving a track reads its file only when the file is new: changing the label reads nothing."""
    from django.core.files.base import ContentFile

    from courses.models import CaptionTrack
    from tests.factories import CaptionTrackFactory

    track = CaptionTrackFactory(file=ContentFile(cues("Guten Tag."), name="de.vtt"))
    assert track.transcript == "Guten Tag."
    stored = track.file.name
    # The stored file changes behind the track's back (nothing but this test does that): a save that
    # read it would show in the transcript.
    with track.file.storage.open(stored, "wb") as handle:
        handle.write(cues("Anders."))
    track.label = "Deutsch"
    track.save()
    loaded = CaptionTrack.objects.get(pk=track.pk)
    loaded.label = "Deutsch (Untertitel)"
    loaded.save()
    assert CaptionTrack.objects.get(pk=track.pk).transcript == "Guten Tag."

    # A new upload is read, on the loaded track as on a new one, and so is a different stored file.
    loaded.file = ContentFile(cues("Neue Untertitel."), name="de.vtt")
    loaded.save()
    assert loaded.file.name != stored
    assert CaptionTrack.objects.get(pk=track.pk).transcript == "Neue Untertitel."
    loaded = CaptionTrack.objects.get(pk=track.pk)
    loaded.file.name = stored
    loaded.save()
    assert CaptionTrack.objects.get(pk=track.pk).transcript == "Anders."

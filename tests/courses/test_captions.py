"""The strict WebVTT parser: good files give cues, broken ones name the wrong line in German."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.captions import WebVTTError, format_timestamp, parse_timestamp, parse_webvtt

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
        parse_webvtt(text.encode())
    return caught.value


def test_a_valid_file_gives_its_cues_in_milliseconds():
    cues = parse_webvtt(GOOD.encode())
    assert [(cue.start_ms, cue.end_ms, cue.text) for cue in cues] == [
        (0, 2500, "Willkommen im Jobcenter."),
        (2500, 5000, "Hier stellen Sie Ihren Antrag\nonline."),
    ]


def test_windows_line_endings_and_a_byte_order_mark_are_fine():
    cues = parse_webvtt(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert len(cues) == 2


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
        ("WEBVTT\n00:00.000 --> 00:01.000\nText\n", 2, "Leerzeile"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\n0:00:01,000 --> 0:00:02,000\nB\n", 6, "ungültig"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\n00:01.000 --> 00:01.000\nB\n", 6, "0 Sekunden"),
        ("WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n", 6, "vor dem vorigen"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n\nnur Text ohne Zeit\n", 6, "fehlt die Zeitangabe"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n00:01.000 --> 00:02.000\nB\n", 5, "fehlt eine Leerzeile"),
        ("WEBVTT\n\nNOTE nur eine Notiz\n", 4, "keine Untertitel"),
        # Thousands of digits are no hours (reading them as a number would fail with a 500).
        ("WEBVTT\n\n" + "9" * 5000 + ":00:00.000 --> 00:00:01.000\nA\n", 3, "ungültig"),
    ],
)
def test_broken_files_name_the_wrong_line(text, line, fragment):
    error = error_of(text)
    assert error.line == line
    assert f"Zeile {line}:" in str(error)
    assert fragment in str(error)


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    data = "WEBVTT\n\n00:00.000 --> 00:01.000\nGrüße\n".encode("latin-1")
    with pytest.raises(WebVTTError) as caught:
        parse_webvtt(data)
    assert caught.value.line == 4
    assert "UTF-8" in str(caught.value)


@given(
    start=st.integers(min_value=0, max_value=100 * 3600 * 1000 - 1),
    length=st.integers(min_value=1, max_value=3600 * 1000),
)
def test_formatting_then_parsing_a_cue_timing_round_trips(start, length):
    end = start + length
    assert parse_timestamp(format_timestamp(start)) == start
    cues = parse_webvtt(f"WEBVTT\n\n{format_timestamp(start)} --> {format_timestamp(end)}\nText\n".encode())
    assert (cues[0].start_ms, cues[0].end_ms) == (start, end)


@given(ms=st.integers(min_value=0, max_value=3600 * 1000 - 1))
def test_the_short_form_without_hours_means_the_same_time(ms):
    assert parse_timestamp(format_timestamp(ms).removeprefix("00:")) == ms

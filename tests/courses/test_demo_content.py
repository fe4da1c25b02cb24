"""The demo content: a full catalogue from seed_demo, valid lessons and checks, captions and demo videos."""

import re
import subprocess

import imageio_ffmpeg
import pytest

from courses import demo_media


def test_make_demo_video_renders_an_mp4_of_the_requested_length(tmp_path):
    path = demo_media.make_demo_video(
        tmp_path / "videos" / "e-akte.mp4",
        title="E-Akte: Ein Dokument ablegen",
        lines=["1. Akte öffnen", "2. Dokument ablegen: 100 % „sicher“"],
        seconds=16,
    )
    assert path.read_bytes()[4:8] == b"ftyp"
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stderr
    duration = re.search(r"Duration: (\d{2}):(\d{2}):(\d{2})\.(\d{2})", probe)
    assert duration, probe
    hours, minutes, secs, hundredths = duration.groups()
    assert abs(int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(hundredths) / 100 - 16) < 0.5
    assert re.search(r"Video: h264.*640x360", probe) and "Audio: aac" in probe, probe
    assert [p.name for p in path.parent.iterdir()] == ["e-akte.mp4"]


def test_make_demo_video_says_clearly_when_the_font_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_media, "FONT", tmp_path / "DejaVuSans.ttf")
    with pytest.raises(demo_media.DemoMediaError, match="fonts-dejavu-core"):
        demo_media.make_demo_video(tmp_path / "x.mp4", title="Test", lines=["Zeile"], seconds=15)
    assert not (tmp_path / "x.mp4").exists()

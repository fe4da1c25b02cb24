"""Demo videos, rendered locally with the ffmpeg binary of the imageio-ffmpeg wheel, and their captions."""

import hashlib
import json
import subprocess
import tempfile
import textwrap
from pathlib import Path

import imageio_ffmpeg
from django.core.files import File
from django.core.files.base import ContentFile

from ..captions import format_timestamp
from ..models import CaptionTrack, Video
from ..video_processing import process_video

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WIDTH, HEIGHT = 640, 360
# A calm dark blue; white text on it has a contrast ratio above 10:1.
BACKGROUND = "0x1d3f5e"
FOOTER = "Jobcenter Musterkreis · Lernhafen"
MARGIN = 40


class DemoMediaError(RuntimeError):
    """A demo video could not be made; the message says why and what to do."""


def make_demo_video(path, *, title, lines, seconds):
    """Render a 640x360 H.264/AAC MP4 of `seconds` length: the title, then `lines` appearing one by one.

    The audio track is a quiet sine tone, so players and probes see a real audio stream.
    Returns the path of the finished file; a failed run leaves no file behind.
    """
    if not FONT.is_file():
        raise DemoMediaError(
            f"Die Schrift {FONT} fehlt; ohne sie kann kein Demo-Video entstehen. "
            "Installieren Sie das Paket fonts-dejavu-core."
        )
    if seconds <= 0:
        raise DemoMediaError("Ein Demo-Video braucht eine Länge von mehr als 0 Sekunden.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.part.mp4")
    with tempfile.TemporaryDirectory(prefix="lernhafen-video-") as workdir:
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", f"color=c={BACKGROUND}:s={WIDTH}x{HEIGHT}:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=44100:duration={seconds}",
            "-vf", _text_filters(Path(workdir), title, lines, seconds),
            "-af", "volume=0.05",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k",
            "-movflags", "+faststart", "-t", str(seconds),
            str(partial),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except subprocess.TimeoutExpired as exc:
            partial.unlink(missing_ok=True)
            raise DemoMediaError(f"ffmpeg brauchte für „{title}“ länger als 120 Sekunden.") from exc
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise DemoMediaError(f"ffmpeg konnte „{title}“ nicht erzeugen:\n{result.stderr[-2000:]}")
    partial.replace(path)
    return path


def _text_filters(workdir, title, lines, seconds):
    """drawtext filters for title, lines and footer. Texts go through files, so no character of a
    German sentence (colon, quote, percent sign) needs filter-graph escaping."""
    filters = []

    def draw(text, *, size, y, start=0):
        text_file = workdir / f"text-{len(filters)}.txt"
        text_file.write_text(text, encoding="utf-8")
        enable = f":enable='gte(t,{start:.2f})'" if start else ""
        filters.append(
            f"drawtext=fontfile={FONT}:textfile={text_file}:expansion=none:fontcolor=white"
            f":fontsize={size}:line_spacing=6:x={MARGIN}:y={y}{enable}"
        )

    title_text = textwrap.fill(title, width=34)
    draw(title_text, size=28, y=MARGIN)
    y = MARGIN + 40 * (title_text.count("\n") + 1) + 24
    # The lines appear one after another and stay, so the last one is visible for the final stretch.
    step = seconds / (len(lines) + 1)
    for index, line in enumerate(lines, start=1):
        line_text = textwrap.fill(line, width=48)
        draw(line_text, size=20, y=y, start=index * step)
        y += 28 * (line_text.count("\n") + 1) + 12
    draw(FOOTER, size=14, y=HEIGHT - MARGIN)
    return ",".join(filters)


def cached_demo_video(*, title, lines, seconds):
    """Path of the rendered demo video, rendered once per machine: the output depends only on its text,
    so repeated seeds (and the tests, which seed often) reuse it instead of running ffmpeg again."""
    digest = hashlib.sha256(json.dumps([title, lines, seconds]).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "lernhafen-demo-videos"
    folder.mkdir(exist_ok=True)
    path = folder / f"{digest}.mp4"
    if not path.exists():
        make_demo_video(path, title=title, lines=lines, seconds=seconds)
    return path


def ensure_demo_video(*, key, title, lines, seconds, captions, chapters, transcript, is_public=False):
    """The demo video with this title, created with its German captions when missing and probed at once,
    so it plays right after seeding."""
    video = Video.objects.filter(title=title).first()
    if video is None:
        path = cached_demo_video(title=title, lines=lines, seconds=seconds)
        video = Video(
            title=title,
            type="video",
            transcript=transcript,
            is_public=is_public,
            chapters=[{"title": chapter, "start": start} for chapter, start in chapters],
        )
        with path.open("rb") as handle:
            video.file.save(f"{key}.mp4", File(handle))
        video.tags.add("Demo")
        CaptionTrack.objects.create(
            video=video,
            language="de",
            label="Deutsch",
            file=ContentFile(captions.encode("utf-8"), name=f"{key}.de.vtt"),
        )
    if not video.is_ready:
        process_video(video.pk)
        video.refresh_from_db()
    return video


def steps_video_spec(title, lead, steps):
    """Captions, chapters and transcript for an explainer video that shows its steps one by one,
    timed exactly like make_demo_video shows the lines. `steps` are {"title", "text"} tables."""
    steps = [(step["title"], step["text"]) for step in steps]
    seconds = 4 * (len(steps) + 1)
    step = seconds / (len(steps) + 1)
    cues = [(0.5, step, title)]
    cues += [
        (
            (number) * step,
            (number + 1) * step - 0.1,
            f"Schritt {number}: {step_title}.\n{textwrap.fill(text, 42)}",
        )
        for number, (step_title, text) in enumerate(steps, start=1)
    ]
    captions = "WEBVTT\n\n" + "\n".join(
        f"{format_timestamp(round(start * 1000))} --> {format_timestamp(round(end * 1000))}\n{text}\n"
        for start, end, text in cues
    )
    transcript = "\n\n".join([lead, *(f"Schritt {n}: {t}. {x}" for n, (t, x) in enumerate(steps, start=1))])
    return {
        "title": title,
        "lines": [f"{number}. {step_title}" for number, (step_title, _text) in enumerate(steps, start=1)],
        "seconds": seconds,
        "captions": captions,
        "chapters": [
            ("Einleitung", 0),
            *((f"Schritt {n}: {t}", n * step) for n, (t, _x) in enumerate(steps, start=1)),
        ],
        "transcript": transcript,
    }

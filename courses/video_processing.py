"""Checks and probes uploaded videos with the ffmpeg binary of imageio-ffmpeg and renders their posters."""

import contextlib
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

import imageio_ffmpeg
from django.core.files import File
from django.dispatch import Signal
from django.utils.translation import gettext as _

from courses.models import ProcessingState, Video

logger = logging.getLogger(__name__)

# Sent with `video_id` once a probe has stored a video's duration and poster. The probe writes with an UPDATE,
# which sends no post_save; what lessons know about their videos (learning.heartbeat_cache) listens here.
video_probed = Signal()

PROBE_TIMEOUT = 60
POSTER_TIMEOUT = 120
POSTER_MAX_WIDTH = 1280
# What every current browser plays in an MP4 or WebM container.
PLAYABLE_VIDEO_CODECS = {"h264", "vp8", "vp9", "av1"}

INPUT = re.compile(r"^Input #0, ", re.MULTILINE)
INPUT_FORMATS = re.compile(r"^Input #0, ([\w,]+), from ", re.MULTILINE)
# ffmpeg's demuxer names in "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from" and "Input #0, matroska,webm, from".
FFMPEG_DEMUXERS = {"mp4": "mp4", "webm": "webm"}
DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
VIDEO_STREAM = re.compile(r"Stream #0:\d+\S*: Video: (\w+)(.*)$", re.MULTILINE)
FRAME_SIZE = re.compile(r"[ ,](\d{2,5})x(\d{2,5})(?=[ ,]|$)")
AUDIO_STREAM = re.compile(r"Stream #0:\d+\S*: Audio: (\w+)", re.MULTILINE)
ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees")


class VideoInfo(NamedTuple):
    duration: float
    width: int
    height: int
    video_codec: str
    audio_codec: str


class UnusableVideo(Exception):
    """The file cannot be played; `reason` is German and shown to editors."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


def _run_ffmpeg(arguments, timeout):
    try:
        return subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", *arguments],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise UnusableVideo(
            _("Die Prüfung der Datei hat länger als %(seconds)d Sekunden gedauert und wurde abgebrochen.")
            % {"seconds": timeout}
        ) from error


def describe(path):
    """ffmpeg's own description of the input (there is no ffprobe); UnusableVideo if it reads none."""
    output = _run_ffmpeg(["-i", str(path)], PROBE_TIMEOUT).stderr.decode("utf-8", "replace")
    if not INPUT.search(output):
        raise UnusableVideo(
            _(
                "Die Datei konnte nicht als Video gelesen werden. "
                "Bitte als MP4 (H.264) oder WebM neu exportieren."
            )
        )
    return output


def check_streams(path, container, need):
    """At upload: ffmpeg reads the file as the container its first bytes named, and finds the stream
    it must have ("video" for a video, "audio" for an audio description)."""
    output = describe(path)
    formats = INPUT_FORMATS.search(output)
    if not formats or FFMPEG_DEMUXERS[container] not in formats.group(1).split(","):
        raise UnusableVideo(
            _(
                "Die Datei konnte nicht als Video gelesen werden. "
                "Bitte als MP4 (H.264) oder WebM neu exportieren."
            )
        )
    if need == "video" and not VIDEO_STREAM.search(output):
        raise UnusableVideo(_("Die Datei enthält keine Videospur."))
    if need == "audio" and not AUDIO_STREAM.search(output):
        raise UnusableVideo(_("Die Datei enthält keine Tonspur. Die Audiodeskription muss zu hören sein."))


@contextlib.contextmanager
def uploaded_path(upload):
    """A path ffmpeg can open for an upload: Django's temporary file, else a copy of the one in memory."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "upload"
        upload.seek(0)
        with copy.open("wb") as target:
            shutil.copyfileobj(upload, target, 1024 * 1024)
        upload.seek(0)
        yield copy


def probe(path):
    """Duration, frame size and codecs from ffmpeg's own description of the input."""
    output = describe(path)
    video = VIDEO_STREAM.search(output)
    if not video:
        raise UnusableVideo(_("Die Datei enthält keine Videospur."))
    codec = video.group(1)
    if codec not in PLAYABLE_VIDEO_CODECS:
        raise UnusableVideo(
            _(
                "Der Videocodec „%(codec)s“ wird nicht von allen Browsern abgespielt. "
                "Bitte als MP4 (H.264) oder WebM (VP9) neu exportieren."
            )
            % {"codec": codec}
        )
    size = FRAME_SIZE.search(video.group(2))
    width, height = (int(size.group(1)), int(size.group(2))) if size else (0, 0)
    rotation = ROTATION.search(output)
    if rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
        # Phone videos are stored sideways with a rotation flag; the player shows them upright.
        width, height = height, width
    duration = DURATION.search(output)
    audio = AUDIO_STREAM.search(output)
    return VideoInfo(
        duration=(int(duration.group(1)) * 60 + int(duration.group(2))) * 60 + float(duration.group(3))
        if duration
        else 0.0,
        width=width,
        height=height,
        video_codec=codec,
        audio_codec=audio.group(1) if audio else "",
    )


def render_poster(path, at_seconds, target):
    """Write one frame at `at_seconds` as a JPEG no wider than POSTER_MAX_WIDTH."""
    arguments = [
        "-loglevel", "error",
        "-ss", f"{at_seconds:.3f}",
        "-i", str(path),
        "-frames:v", "1",
        "-vf", f"scale='min({POSTER_MAX_WIDTH},iw)':-2",
        "-q:v", "3",
        "-update", "1",
        "-y", str(target),
    ]  # fmt: skip
    result = _run_ffmpeg(arguments, POSTER_TIMEOUT)
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise UnusableVideo(_("Aus dem Video konnte kein Vorschaubild erzeugt werden."))


@contextlib.contextmanager
def local_path(field_file):
    """A path ffmpeg can open: the file itself on local storage, else a temporary copy (S3)."""
    try:
        path = field_file.storage.path(field_file.name)
    except NotImplementedError:
        path = None
    if path:
        yield Path(path)
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / Path(field_file.name).name
        with field_file.storage.open(field_file.name, "rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield copy


def process_video(video_id):
    """Probe a video, store its facts and poster, and mark it ready or failed. Safe to run twice."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None or not video.file:
        return  # deleted meanwhile: nothing left to do
    file_name = video.file.name
    # Only the version of the video that was probed is updated: if an editor replaced the file
    # meanwhile, its own task does the work and this result is dropped.
    same_file = Video.objects.filter(pk=video.pk, file=file_name)
    old_poster = video.thumbnail.name
    try:
        if not video.file.storage.exists(file_name):
            raise UnusableVideo(_("Die Videodatei fehlt im Speicher. Bitte erneut hochladen."))
        with local_path(video.file) as path, tempfile.TemporaryDirectory() as folder:
            info = probe(path)
            poster = Path(folder) / "poster.jpg"
            render_poster(path, info.duration * 0.1, poster)
            with poster.open("rb") as poster_file:
                video.thumbnail.save(f"{video.pk}.jpg", File(poster_file), save=False)
    except UnusableVideo as error:
        logger.warning("Video %s (%s) is unusable: %s", video.pk, file_name, error.reason)
        same_file.update(processing_state=ProcessingState.FAILED, processing_error=error.reason)
        return

    updated = same_file.update(
        duration=info.duration,
        width=info.width,
        height=info.height,
        video_codec=info.video_codec,
        audio_codec=info.audio_codec,
        thumbnail=video.thumbnail.name,
        processing_state=ProcessingState.READY,
        processing_error="",
    )
    if not updated:
        video.thumbnail.storage.delete(video.thumbnail.name)
        return
    if old_poster and old_poster != video.thumbnail.name:
        video.thumbnail.storage.delete(old_poster)
    video_probed.send(sender=Video, video_id=video.pk)

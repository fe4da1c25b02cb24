"""Serves video files, posters, audio description and captions: access check first, then the bytes."""

import mimetypes
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from courses.models import Video

CHUNK_SIZE = 256 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class FileRange:
    """Iterates over `length` bytes of an open file; the server's close() closes the file."""

    def __init__(self, file, length):
        self.file = file
        self.remaining = length

    def __iter__(self):
        while self.remaining > 0:
            chunk = self.file.read(min(CHUNK_SIZE, self.remaining))
            if not chunk:
                return
            self.remaining -= len(chunk)
            yield chunk

    def close(self):
        self.file.close()


def requested_range(header, size):
    """(start, end) of a single `bytes=` range, None to send the whole file, or "unsatisfiable"."""
    match = RANGE.match(header.strip())
    first, last = match.groups() if match else ("", "")
    if not first and not last:
        return None  # no header, several ranges or nonsense: the whole file is a valid answer
    if not first:  # a suffix range: the last n bytes
        suffix = int(last)
        return (max(size - suffix, 0), size - 1) if suffix else "unsatisfiable"
    start = int(first)
    if last and int(last) < start:
        return None  # an invalid range-spec is ignored (RFC 9110, 14.1.1)
    if start >= size:
        return "unsatisfiable"
    return start, (min(int(last), size - 1) if last else size - 1)


def stream_file(request, field_file, content_type):
    """The file, or the one byte range asked for, streamed from storage in chunks."""
    size = field_file.size
    byte_range = requested_range(request.headers.get("Range", ""), size)
    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = byte_range or (0, size - 1)
    file = field_file.storage.open(field_file.name, "rb")
    file.seek(start)
    response = StreamingHttpResponse(
        FileRange(file, end - start + 1), status=206 if byte_range else 200, content_type=content_type
    )
    response["Content-Length"] = str(end - start + 1)
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _file_and_type(video, kind):
    if kind == "file":
        return video.file, mimetypes.guess_type(video.file.name)[0]
    if kind == "poster":
        return video.thumbnail, "image/jpeg"
    if kind == "audio-description":
        return video.audio_description, mimetypes.guess_type(video.audio_description.name)[0]
    if kind.startswith("captions-"):
        track = video.caption_tracks.filter(language=kind.removeprefix("captions-")).first()
        return (track.file if track else None), "text/vtt; charset=utf-8"
    raise Http404


@require_safe
def serve_video_media(request, pk, kind):
    """Staff videos need a login; public ones (is_public) are open to everyone, e.g. explainer videos."""
    video = get_object_or_404(Video, pk=pk)
    if not video.is_public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    field_file, content_type = _file_and_type(video, kind)
    if not field_file:
        raise Http404
    content_type = content_type or "application/octet-stream"

    # Captions are small and must come from this origin for <track>; they are always sent from here.
    mode = "django" if kind.startswith("captions-") else settings.MEDIA_SERVE_MODE
    if mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_SERVE_ACCEL_PREFIX + quote(field_file.name)
    elif mode == "redirect":
        response = HttpResponseRedirect(
            field_file.storage.url(field_file.name, expire=settings.MEDIA_SERVE_URL_EXPIRY)
        )
    else:
        response = stream_file(request, field_file, content_type)
    response["Cache-Control"] = "public, max-age=300" if video.is_public else "private"
    return response

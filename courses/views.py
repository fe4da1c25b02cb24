"""Serves video files, posters, audio description, captions and documents: access check first, then the bytes."""

import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from wagtailmedia.permissions import permission_policy as video_permission_policy

from courses import file_kinds, media_access
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


# Every media response says what it is and may do nothing: the browser must not guess another type
# (nosniff), and even if it rendered the file, the sandbox gives it an opaque origin with no script.
MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
}


def with_media_headers(response):
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response


def media_response(
    request, field_file, content_type, *, public, attachment_name=None, mode=None, streaming=True
):
    """The stored file as MEDIA_SERVE_MODE hands it out, always with the fixed type and MEDIA_HEADERS.

    `attachment_name` makes it a download (documents); `mode` overrides the setting (captions);
    `streaming=False` reads the file into one HttpResponse in "django" mode (see courses.documents).
    """
    mode = mode or settings.MEDIA_SERVE_MODE
    disposition = (
        content_disposition_header(as_attachment=True, filename=attachment_name) if attachment_name else None
    )
    if mode == "x-accel":
        # nginx keeps Content-Type, Content-Disposition and Cache-Control of this response but drops the
        # other headers: its internal location adds MEDIA_HEADERS again (README, "Videos and media").
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_SERVE_ACCEL_PREFIX + quote(field_file.name)
    elif mode == "redirect":
        # The object store answers the presigned request with the type and disposition asked for here.
        parameters = {"ResponseContentType": content_type}
        if disposition:
            parameters["ResponseContentDisposition"] = disposition
        response = HttpResponseRedirect(
            field_file.storage.url(
                field_file.name, parameters=parameters, expire=settings.MEDIA_SERVE_URL_EXPIRY
            )
        )
    elif not streaming:
        with field_file.storage.open(field_file.name, "rb") as stored:
            response = HttpResponse(stored.read(), content_type=content_type)
    else:
        response = stream_file(request, field_file, content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "public, max-age=300" if public else "private"
    return with_media_headers(response)


def _file_and_type(video, kind):
    if kind == "file":
        return video.file, file_kinds.served_type(video.file.name, file_kinds.VIDEO_TYPES)
    if kind == "audio-description":
        field_file = video.audio_description
        return field_file, file_kinds.served_type(field_file.name, file_kinds.VIDEO_TYPES)
    if kind == "poster":
        # Posters are rendered as JPEG, but the type is read from the stored bytes, not assumed.
        poster = video.thumbnail
        head = file_kinds.read_head(poster) if poster else b""
        return poster, file_kinds.image_type(head) or file_kinds.OCTET_STREAM
    if kind.startswith("captions-"):
        track = video.caption_tracks.filter(language=kind.removeprefix("captions-")).first()
        return (track.file if track else None), file_kinds.CAPTION_TYPES["vtt"]
    raise Http404


def _may_edit_video(user, video):
    return video_permission_policy.user_has_permission_for_instance(user, "change", video)


@require_safe
def serve_video_media(request, pk, kind):
    """Who gets a video's files is courses.media_access's decision; public explainer videos are open."""
    video = get_object_or_404(Video.objects.select_related("collection"), pk=pk)
    # An unmarked video always needs a sign-in, also on a public page: the video form promises that.
    answer = media_access.LOGIN if not (video.is_public or request.user.is_authenticated) else None
    answer = answer or media_access.check(
        request,
        video,
        is_public=video.is_public,
        may_edit=_may_edit_video,
        extra_sources=Video.objects.filter(sign_language_video=video.pk),
    )
    if answer is not None:
        return with_media_headers(redirect_to_login(request.get_full_path()))
    field_file, content_type = _file_and_type(video, kind)
    if not field_file:
        raise Http404
    # Captions are small and must come from this origin for <track>; they are always sent from here.
    mode = "django" if kind.startswith("captions-") else None
    return media_response(request, field_file, content_type, public=video.is_public, mode=mode)

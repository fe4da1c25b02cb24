"""The admin form of courses.Video (WAGTAILMEDIA["MEDIA_FORM_BASE"]): file checks, chapters, captions."""

import re
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm

from courses import file_kinds
from courses.captions import WebVTTError, parse_webvtt, validate_caption_file
from courses.models import CaptionTrack, Video, format_clock
from courses.video_processing import UnusableVideo, check_streams, uploaded_path

# Hours with at most four digits: a longer run of digits is no time (Python refuses to read 4,300+ digits).
CHAPTER_LINE = re.compile(r"^(?:(\d{1,4}):)?(\d{1,3}):([0-5]\d)\s+(\S.*)$")


class ChapterField(forms.CharField):
    """Chapters as editors write them under online videos: one "1:05 Title" per line; stored as a list."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{format_clock(chapter['start'])} {chapter['title']}" for chapter in value)
        return value

    def to_python(self, value):
        chapters = []
        for number, line in enumerate(super().to_python(value).splitlines(), start=1):
            if not line.strip():
                continue
            match = CHAPTER_LINE.match(line.strip())
            if not match:
                raise ValidationError(
                    _("Zeile %(line)d: „%(text)s“ hat nicht die Form „1:05 Titel des Kapitels“.")
                    % {"line": number, "text": Truncator(line.strip()).chars(60)}
                )
            hours, minutes, seconds, title = match.groups()
            chapters.append(
                {"title": title.strip(), "start": (int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)}
            )
        return sorted(chapters, key=lambda chapter: chapter["start"])


def check_video_upload(file, need="video"):
    """Refuse what no browser will play, judged by size and content rather than by the file name: the
    extension, the container's first bytes and ffmpeg's reading of it must agree, and ffmpeg must find
    the stream this file is for (`need`: "video", or "audio" for an audio description)."""
    if file.size > settings.VIDEO_MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(settings.VIDEO_MAX_UPLOAD_SIZE)}
        )
    container = file_kinds.check_video_file(file)
    try:
        with uploaded_path(file) as path:
            check_streams(path, container, need)
    except UnusableVideo as error:
        raise ValidationError(error.reason, code="streams") from error


class CaptionTrackForm(forms.ModelForm):
    class Meta:
        model = CaptionTrack
        fields = ["language", "label", "file"]
        widgets = {"file": forms.FileInput(attrs={"accept": ".vtt,text/vtt"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A saved row keeps its file unless a new one is chosen.
        self.fields["file"].required = not self.instance.pk

    def clean_file(self):
        file = self.cleaned_data["file"]
        if isinstance(file, UploadedFile):
            validate_caption_file(file)
        return file

    @cached_property
    def stored_file_name(self):
        return PurePosixPath(self.instance.file.name).name if self.instance.pk else ""

    @cached_property
    def stored_warnings(self):
        """The authoring slips of the saved file: browsers show it in full, but the editor may want to fix them."""
        if not self.instance.pk:
            return []
        try:
            with self.instance.file.open("rb") as handle:
                return parse_webvtt(handle.read()).warnings
        except (OSError, WebVTTError):
            return []


CaptionTrackFormSet = forms.inlineformset_factory(
    Video, CaptionTrack, form=CaptionTrackForm, extra=2, can_delete=True
)


class VideoForm(BaseMediaForm):
    """wagtailmedia's add/edit form plus the caption tracks as an inline formset, saved in one transaction."""

    chapters = ChapterField(
        label=_("Kapitel"),
        required=False,
        help_text=_("Eine Zeile je Kapitel: Startzeit und Titel, z. B. „1:05 Antrag online stellen“."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = self.add_prefix("captions")
        # The chooser's quick upload posts no caption rows; the form then saves the video alone.
        bound = self.is_bound and f"{prefix}-TOTAL_FORMS" in self.data
        self.caption_formset = CaptionTrackFormSet(
            self.data if bound else None, self.files if bound else None, instance=self.instance, prefix=prefix
        )
        if "sign_language_video" in self.fields:
            self.fields["sign_language_video"].queryset = (
                Video.objects.filter(type="video").exclude(pk=self.instance.pk).order_by("title")
            )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            check_video_upload(file)
        return file

    def clean_audio_description(self):
        file = self.cleaned_data.get("audio_description")
        if isinstance(file, UploadedFile):
            check_video_upload(file, need="audio")
        return file

    def is_valid(self):
        video_valid = super().is_valid()
        captions_valid = not self.caption_formset.is_bound or self.caption_formset.is_valid()
        return video_valid and captions_valid

    def save(self, commit=True):
        with transaction.atomic():
            video = super().save(commit=commit)
            if commit and self.caption_formset.is_bound:
                self.caption_formset.save()
        return video

"""The explainer video: wagtailmedia's custom media model with captions, chapters and processing state."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtailmedia.models import AbstractMedia

from courses.captions import transcript_text
from courses.file_kinds import CAPTION_TYPES

__all__ = ["CaptionLanguage", "CaptionTrack", "ProcessingState", "Video", "format_clock"]


def video_edit_link(video):
    """A link "Video bearbeiten" to the video's page in the media library, where captions and transcript are
    added: publishing refusals that name a video end with it."""
    return format_html(
        '<a href="{}">{}</a>', reverse("wagtailmedia:edit", args=[video.pk]), _("Video bearbeiten")
    )


class ProcessingState(models.TextChoices):
    PENDING = "pending", _("In Bearbeitung")
    READY = "ready", _("Bereit")
    FAILED = "failed", _("Fehlgeschlagen")


class CaptionLanguage(models.TextChoices):
    DE = "de", _("Deutsch")
    DE_LS = "de-x-ls", _("Deutsch (Leichte Sprache)")
    EN = "en", _("Englisch")
    AR = "ar", _("Arabisch")
    TR = "tr", _("Türkisch")
    UK = "uk", _("Ukrainisch")
    RU = "ru", _("Russisch")
    FA = "fa", _("Persisch (Farsi)")


# The player's caption menu names each track in its own language, so a viewer finds theirs.
CAPTION_AUTONYMS = {
    CaptionLanguage.DE: "Deutsch",
    CaptionLanguage.DE_LS: "Deutsch (Leichte Sprache)",
    CaptionLanguage.EN: "English",
    CaptionLanguage.AR: "العربية",
    CaptionLanguage.TR: "Türkçe",
    CaptionLanguage.UK: "Українська",
    CaptionLanguage.RU: "Русский",
    CaptionLanguage.FA: "فارسی",
}


def format_clock(seconds):
    """Seconds as a player shows them: "1:05", or "1:02:03" from one hour on."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def validate_chapters(chapters, duration=0):
    """A list of {"title": str, "start": seconds}, in order, and inside the video once its length is known."""
    if not isinstance(chapters, list):
        raise ValidationError(_("Die Kapitel müssen eine Liste sein."))
    previous = None
    for chapter in chapters:
        if (
            not isinstance(chapter, dict)
            or set(chapter) != {"title", "start"}
            or not isinstance(chapter["title"], str)
            or not chapter["title"].strip()
            or isinstance(chapter["start"], bool)
            or not isinstance(chapter["start"], int | float)
            or chapter["start"] < 0
        ):
            raise ValidationError(_("Jedes Kapitel braucht einen Titel und eine Startzeit ab 0 Sekunden."))
        start = chapter["start"]
        if previous is not None and start <= previous:
            raise ValidationError(
                _("Das Kapitel „%(title)s“ (%(start)s) muss nach dem vorigen Kapitel beginnen.")
                % {"title": chapter["title"], "start": format_clock(start)}
            )
        if duration and start >= duration:
            raise ValidationError(
                _("Das Kapitel „%(title)s“ beginnt bei %(start)s, das Video ist aber nur %(duration)s lang.")
                % {
                    "title": chapter["title"],
                    "start": format_clock(start),
                    "duration": format_clock(duration),
                }
            )
        previous = start


class Video(AbstractMedia):
    """A video in the media library. Files live under protected/, so only courses.views serves them."""

    # Overrides AbstractMedia's folders: nothing under protected/ is reachable by a static media URL.
    file = models.FileField(_("Datei"), upload_to="protected/videos")
    thumbnail = models.FileField(_("Vorschaubild"), upload_to="protected/posters", blank=True, editable=False)

    is_public = models.BooleanField(
        _("Öffentlich"),
        default=False,
        help_text=_(
            "Nur ankreuzen, wenn das Video auch ohne Anmeldung zu sehen sein darf "
            "(z. B. Erklärvideos für Kundinnen und Kunden). Sonst sehen es nur angemeldete Beschäftigte."
        ),
    )
    transcript = models.TextField(
        _("Transkript"),
        blank=True,
        help_text=_(
            "Der gesprochene Text und wichtige Geräusche – für alle, die das Video nicht hören können."
        ),
    )
    chapters = models.JSONField(_("Kapitel"), default=list, blank=True)
    sign_language_video = models.ForeignKey(
        "self",
        verbose_name=_("Fassung in Gebärdensprache (DGS)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audio_description = models.FileField(
        _("Fassung mit Audiodeskription"),
        upload_to="protected/audio-description",
        blank=True,
        help_text=_("Dasselbe Video mit gesprochener Bildbeschreibung, als MP4 oder WebM."),
    )

    processing_state = models.CharField(
        _("Verarbeitung"),
        max_length=16,
        choices=ProcessingState.choices,
        default=ProcessingState.PENDING,
        editable=False,
    )
    processing_error = models.TextField(_("Grund des Fehlers"), blank=True, editable=False)
    video_codec = models.CharField(_("Videocodec"), max_length=32, blank=True, editable=False)
    audio_codec = models.CharField(_("Audiocodec"), max_length=32, blank=True, editable=False)

    # Duration, size and poster are probed by courses.video_processing, never typed in.
    admin_form_fields = (
        "title",
        "file",
        "collection",
        "is_public",
        "transcript",
        "chapters",
        "sign_language_video",
        "audio_description",
        "tags",
    )

    # Editors find a video in the library by what is said in it. The media list filters and orders search
    # results by id (the caption and tag filters) and upload date, which the search backend allows on
    # FilterFields only.
    search_fields = AbstractMedia.search_fields + [
        index.SearchField("transcript"),
        index.FilterField("id"),
        index.FilterField("created_at"),
    ]

    # The file name as last saved; a different one means a new upload that needs probing.
    _saved_file_name = None

    class Meta:
        verbose_name = _("Video")
        verbose_name_plural = _("Videos")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "file" in field_names:
            instance._saved_file_name = values[field_names.index("file")]
        return instance

    def clean(self):
        # AbstractMedia.clean checks the file's extension; without a file (the form refused the upload)
        # that only adds a second, confusing message.
        if self.file:
            super().clean()
        try:
            validate_chapters(self.chapters, self.duration)
        except ValidationError as error:
            raise ValidationError({"chapters": error.messages}) from error

    def save(self, *args, **kwargs):
        file_changed = bool(self.file) and self.file.name != self._saved_file_name
        if file_changed:
            self.processing_state = ProcessingState.PENDING
            self.processing_error = ""
        # courses.tasks enqueues the probe after commit (its post_save receiver reads this flag).
        self.needs_processing = file_changed
        super().save(*args, **kwargs)
        self._saved_file_name = self.file.name

    def media_url(self, kind):
        return reverse("video_media", args=[self.pk, kind])

    @property
    def url(self):
        """Replaces the storage URL everywhere wagtailmedia links the file (listing, chooser, API)."""
        return self.media_url("file")

    @property
    def poster_url(self):
        return self.media_url("poster") if self.thumbnail else ""

    @property
    def audio_description_url(self):
        return self.media_url("audio-description") if self.audio_description else ""

    @property
    def is_ready(self):
        return self.processing_state == ProcessingState.READY

    @property
    def has_captions(self):
        # Iterates .all() rather than .exists(), so a prefetched list costs no query.
        return any(track.file for track in self.caption_tracks.all())

    def in_language(self, language):
        """What the player starts with on a page in `language`: that language's caption track and the transcript
        made from it, else the German track and the editors' German transcript. Uses .all(), so a prefetched
        list costs no query."""
        tracks = {track.language: track for track in self.caption_tracks.all() if track.file}
        track = tracks.get(language) or tracks.get(CaptionLanguage.DE)
        if track is not None and track.language != CaptionLanguage.DE and track.transcript:
            return {
                "track": track.language,
                "transcript": track.transcript,
                "transcript_language": track.language,
            }
        return {
            "track": track.language if track else None,
            "transcript": self.transcript,
            "transcript_language": CaptionLanguage.DE,
        }

    @property
    def chapter_list(self):
        return [
            {"title": chapter["title"], "start": chapter["start"], "label": format_clock(chapter["start"])}
            for chapter in self.chapters
        ]


class CaptionTrack(models.Model):
    """One WebVTT caption file of a video in one language."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="caption_tracks")
    language = models.CharField(_("Sprache"), max_length=16, choices=CaptionLanguage.choices)
    label = models.CharField(
        _("Bezeichnung im Player"),
        max_length=64,
        blank=True,
        help_text=_("Leer lassen für den Namen der Sprache in dieser Sprache, z. B. „English“."),
    )
    file = models.FileField(
        _("WebVTT-Datei"),
        upload_to="protected/captions",
        validators=[FileExtensionValidator(list(CAPTION_TYPES))],
    )

    # Made from the cues whenever a new file is saved (transcript_from_cues): the transcript in this language
    # that the player shows with this track. The German transcript is the video's own, written by editors.
    transcript = models.TextField(_("Transkript aus den Untertiteln"), blank=True, editable=False)

    # The file name the transcript was made from: None until the track is loaded or saved.
    _transcribed_file_name = None

    class Meta:
        verbose_name = _("Untertitelspur")
        verbose_name_plural = _("Untertitelspuren")
        # German first: it is the default track and the first one a viewer sees in the menu.
        ordering = [
            models.Case(models.When(language="de", then=models.Value(0)), default=models.Value(1)),
            "language",
        ]
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="unique_caption_language_per_video"),
        ]

    def __str__(self):
        return f"{self.video} – {self.get_language_display()}"

    def save(self, *args, **kwargs):
        # Read the file only when it is new: an upload not yet stored (Django's own test in
        # FileField.pre_save), or a name other than the one the transcript was made from.
        if self.file and (not self.file._committed or self.file.name != self._transcribed_file_name):
            self.file.open("rb")
            self.file.seek(0)
            self.transcript = transcript_text(self.file.read())
            self.file.seek(0)
        super().save(*args, **kwargs)
        self._transcribed_file_name = self.file.name

    @classmethod
    def from_db(cls, db, field_names, values):
        track = super().from_db(db, field_names, values)
        if "file" in field_names:
            track._transcribed_file_name = values[field_names.index("file")]
        return track

    @property
    def display_label(self):
        return self.label or CAPTION_AUTONYMS[self.language]

    @property
    def url(self):
        return self.video.media_url(f"captions-{self.language}")


@receiver(post_delete, sender=Video)
def _delete_audio_description(sender, instance, **kwargs):
    # wagtailmedia already removes the video file and the poster; the extra file is ours to remove.
    if instance.audio_description:
        transaction.on_commit(lambda: instance.audio_description.delete(save=False))


@receiver(post_delete, sender=CaptionTrack)
def _delete_caption_file(sender, instance, **kwargs):
    if instance.file:
        transaction.on_commit(lambda: instance.file.delete(save=False))

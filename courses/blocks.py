"""StreamField blocks of lessons: one body StreamBlock, each block with a template, icon and description."""

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(label=_("Video"))
    caption = blocks.CharBlock(
        label=_("Bildunterschrift"), required=False, help_text=_("Kurz: worum es im Video geht.")
    )

    class Meta:
        icon = "media"
        label = _("Video")
        description = _("Ein Erklärvideo mit Untertiteln, Kapiteln und Transkript.")
        template = "blocks/video_block.html"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _("Fließtext mit Zwischenüberschriften, Listen und Links.")
        template = "blocks/rich_text_block.html"


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Antwort"), max_length=300)
    correct = blocks.BooleanBlock(label=_("richtig"), required=False)
    feedback = blocks.TextBlock(
        label=_("Rückmeldung"),
        required=False,
        help_text=_("Wird nach dem Absenden angezeigt, wenn diese Antwort gewählt wurde."),
    )

    class Meta:
        icon = "tick"
        label = _("Antwort")


class QuestionKind(TextChoices):
    SINGLE = "single", _("Eine Antwort ist richtig")
    MULTIPLE = "multiple", _("Mehrere Antworten können richtig sein")


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Art der Frage"), choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    prompt = blocks.TextBlock(label=_("Frage"))
    answers = blocks.ListBlock(AnswerBlock(), label=_("Antworten"), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        label=_("Erklärung"), required=False, help_text=_("Wird nach dem Absenden immer angezeigt.")
    )

    class Meta:
        icon = "help"
        label = _("Frage")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for answer in value["answers"] if answer["correct"])
        if value["kind"] == QuestionKind.SINGLE and correct != 1:
            message = _("Bei dieser Frage muss genau eine Antwort als richtig markiert sein.")
        elif value["kind"] == QuestionKind.MULTIPLE and correct < 1:
            message = _("Markieren Sie mindestens eine Antwort als richtig.")
        else:
            return value
        raise StructBlockValidationError(block_errors={"answers": ErrorList([ValidationError(message)])})


class KnowledgeCheckBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Überschrift"), default=_("Wissenscheck"))
    intro = blocks.TextBlock(label=_("Einleitung"), required=False)
    pass_mark = blocks.IntegerBlock(
        label=_("Bestehensgrenze in Prozent"),
        min_value=1,
        max_value=100,
        default=80,
        help_text=_("Anteil der Fragen, die richtig beantwortet sein müssen."),
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Fragen"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Wissenscheck")
        description = _("Fragen mit einer oder mehreren richtigen Antworten und Rückmeldung je Antwort.")
        template = "blocks/knowledge_check_block.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Linktext"), required=False, help_text=_("Leer lassen, um den Titel des Dokuments zu zeigen.")
    )
    description = blocks.TextBlock(label=_("Beschreibung"), required=False)

    class Meta:
        icon = "download"
        label = _("Download")
        description = _("Ein Dokument zum Herunterladen, z. B. eine Checkliste als PDF.")
        template = "blocks/download_block.html"


class CalloutKind(TextChoices):
    """The kinds of callout; each value is the name of a KERN alert style."""

    INFO = "info", _("Hinweis")
    WARNING = "warning", _("Achtung")
    SUCCESS = "success", _("Tipp")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Art"), choices=CalloutKind.choices, default=CalloutKind.INFO)
    title = blocks.CharBlock(label=_("Überschrift"))
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Hinweiskasten")
        description = _("Ein hervorgehobener Hinweis, eine Warnung oder ein Tipp.")
        template = "blocks/callout_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Schritt"))
    text = blocks.TextBlock(label=_("Erläuterung"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Schritt")


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Überschrift"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Schritte"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Schritte")
        description = _("Eine nummerierte Schritt-für-Schritt-Anleitung.")
        template = "blocks/steps_block.html"


class LessonBodyBlock(blocks.StreamBlock):
    """The body of a lesson; reused by every page type that shows learning content."""

    video = VideoBlock()
    text = RichTextBlock()
    knowledge_check = KnowledgeCheckBlock()
    download = DownloadBlock()
    callout = CalloutBlock()
    steps = StepsBlock()

    class Meta:
        block_counts = {"knowledge_check": {"max_num": 1}}

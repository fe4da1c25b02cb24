"""StreamField blocks of lessons: one body StreamBlock, each block with a template, icon and description.

Every block also has a preview value: realistic sample content that the block picker shows editors
(through templates/wagtailcore/shared/block_preview.html). Blocks that choose a video or a document preview
without one, through a preview template of their own, so the preview needs nothing from the media library.
"""

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

from courses import quiz
from courses.quiz import QuestionKind

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
        preview_template = "blocks/previews/video_block.html"
        preview_value = {"video": None, "caption": "So starten Sie eine Videoberatung mit einer Kundin."}


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _("Fließtext mit Zwischenüberschriften, Listen und Links.")
        template = "blocks/rich_text_block.html"
        preview_value = (
            "<h2>Was sind Sozialdaten?</h2>"
            "<p>Sozialdaten sind alle Angaben über eine Person, die wir für unsere Aufgaben nach dem SGB II "
            "erheben: zum Beispiel <b>Name, Anschrift, Einkommen</b> oder Angaben zur Gesundheit.</p>"
            "<ul><li>Sie sind durch das Sozialgeheimnis (§ 35 SGB I) geschützt.</li>"
            "<li>Sie dürfen nur verschlüsselt per E-Mail verschickt werden.</li></ul>"
        )


# Sample content of the knowledge check, shared by the preview values of its parts.
ANSWER_PREVIEW = {
    "text": "Verschlüsselt über das E-Mail-Postfach des Jobcenters",
    "correct": True,
    "feedback": "Richtig: Sozialdaten verlassen das Haus nur verschlüsselt.",
}
QUESTION_PREVIEW = {
    "kind": QuestionKind.SINGLE,
    "prompt": "Wie schicken Sie einer Kundin ihren Bescheid per E-Mail?",
    "answers": [
        {
            "text": "Als normale E-Mail, wenn sie es ausdrücklich wünscht",
            "correct": False,
            "feedback": "Auch mit ihrem Wunsch bleibt eine unverschlüsselte E-Mail unsicher.",
        },
        ANSWER_PREVIEW,
    ],
    "shuffle": True,
    "explanation": "Bescheide enthalten Sozialdaten und gehen nur verschlüsselt hinaus.",
}


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Antwort"), max_length=300)
    correct = blocks.BooleanBlock(label=_("richtig"), required=False)
    feedback = blocks.TextBlock(
        label=_("Rückmeldung"),
        required=False,
        help_text=_(
            "Wird nach dem Absenden angezeigt, wenn diese Antwort gewählt wurde; wann genau, legt der Kurs fest."
        ),
    )

    class Meta:
        icon = "tick"
        label = _("Antwort")
        description = _("Eine Antwortmöglichkeit mit Rückmeldung für alle, die sie wählen.")
        preview_value = ANSWER_PREVIEW


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Art der Frage"), choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    prompt = blocks.TextBlock(label=_("Frage"))
    # A new question starts with the two answer rows it needs at least (ListBlock's own default is one).
    answers = blocks.ListBlock(
        AnswerBlock(),
        label=_("Antworten"),
        min_num=2,
        max_num=8,
        default=[{"text": "", "correct": False, "feedback": ""}] * 2,
    )
    shuffle = blocks.BooleanBlock(
        label=_("Antworten mischen"),
        required=False,
        default=True,
        help_text=_(
            "Die Antworten erscheinen bei jedem Versuch in neuer Reihenfolge. Schalten Sie das aus, wenn die "
            "Reihenfolge zählt, z. B. bei „Alle genannten Antworten“."
        ),
    )
    explanation = blocks.TextBlock(
        label=_("Erklärung"),
        required=False,
        help_text=_("Wird nach dem Absenden angezeigt; wann genau, legt der Kurs fest."),
    )

    class Meta:
        icon = "help"
        label = _("Frage")
        description = _("Eine Frage des Wissenschecks mit zwei bis acht Antworten.")
        preview_value = QUESTION_PREVIEW

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
        preview_value = {
            "title": "Wissenscheck",
            "intro": "Prüfen Sie, was Sie über den sicheren Versand von Sozialdaten wissen.",
            "pass_mark": 80,
            "questions": [QUESTION_PREVIEW],
        }

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        # On a lesson the page presents the check (LessonPage.get_context); the preview has no page.
        context["quiz"] = quiz.present(StreamValue.StreamChild(self, value, id="vorschau"))
        return context


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
        preview_template = "blocks/previews/download_block.html"
        preview_value = {
            "document": None,
            "title": "Checkliste: Sozialdaten sicher versenden",
            "description": "Eine Seite zum Ausdrucken: die fünf Fragen vor jedem Versand.",
        }


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
        preview_value = {
            "kind": CalloutKind.WARNING,
            "title": "Achtung: Phishing",
            "text": "<p>Öffnen Sie keine Anhänge von unbekannten Absendern. "
            "Melden Sie verdächtige E-Mails an die IT-Sicherheit.</p>",
        }


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Schritt"))
    text = blocks.TextBlock(label=_("Erläuterung"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Schritt")
        description = _("Ein Schritt einer Anleitung: was zu tun ist, und wenn nötig wie.")
        template = "blocks/step_block.html"
        preview_value = {
            "title": "Konto anlegen",
            "text": "Öffnen Sie jobcenter.digital und klicken Sie auf „Registrieren“.",
        }


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Überschrift"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Schritte"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Schritte")
        description = _("Eine nummerierte Schritt-für-Schritt-Anleitung.")
        template = "blocks/steps_block.html"
        preview_value = {
            "title": "So versenden Sie eine verschlüsselte E-Mail",
            "steps": [
                {"title": "Neue E-Mail öffnen", "text": "Schreiben Sie die E-Mail wie gewohnt in Outlook."},
                {
                    "title": "Verschlüsseln wählen",
                    "text": "Klicken Sie unter „Optionen“ auf „Verschlüsseln“.",
                },
                {"title": "Senden", "text": ""},
            ],
        }


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


# Leichte Sprache has few forms: short paragraphs, lists, and explanations of hard words. Its page template
# (templates/public/easy_language_page.html) lays them out itself, so these blocks need no template.
class EasyParagraphBlock(blocks.TextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Absatz")
        help_text = _("Kurze Sätze. Ein Gedanke pro Satz.")
        description = _("Ein kurzer Absatz in Leichter Sprache.")
        preview_value = "Das Jobcenter hilft Ihnen.\nSie können einen Antrag im Internet stellen."


class EasyExplanationBlock(blocks.StructBlock):
    word = blocks.CharBlock(label=_("Schweres Wort"))
    meaning = blocks.TextBlock(label=_("Erklärung"))

    class Meta:
        icon = "help"
        label = _("Wort-Erklärung")
        description = _("Erklärt ein schweres Wort in einfachen Sätzen.")
        preview_value = {
            "word": "Antrag",
            "meaning": "Mit einem Antrag sagen Sie dem Jobcenter: Ich brauche Geld.",
        }


class EasyLanguageBodyBlock(blocks.StreamBlock):
    paragraph = EasyParagraphBlock()
    list = blocks.ListBlock(
        blocks.CharBlock(label=_("Punkt")),
        label=_("Liste"),
        icon="list-ul",
        description=_("Eine Liste mit kurzen Punkten."),
        preview_value=["Ihren Ausweis", "Ihre Kontoauszüge"],
    )
    explanation = EasyExplanationBlock()

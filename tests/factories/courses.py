"""Factories of the content: pages, videos and caption tracks, and raw StreamField data for their bodies."""

import datetime
import uuid

import factory
import wagtail_factories

from courses.models import (
    CaptionTrack,
    CatalogPage,
    Competence,
    CoursePage,
    HomePage,
    LessonPage,
    PortalPage,
    ProgrammePage,
    Termin,
    Video,
)

__all__ = [
    "AccessibilityStatementPageFactory",
    "CaptionTrackFactory",
    "CatalogPageFactory",
    "CoursePageFactory",
    "EasyLanguagePageFactory",
    "ExplainerIndexPageFactory",
    "ExplainerPageFactory",
    "HomePageFactory",
    "LessonPageFactory",
    "PortalPageFactory",
    "ProgrammePageFactory",
    "SignLanguagePageFactory",
    "TerminFactory",
    "VideoFactory",
    "competence",
    "document_block",
    "knowledge_check_block",
    "list_item",
    "step_block",
    "text_block",
]


def competence(code):
    """A DigComp 2.2 competence as the migrations load it, e.g. "4.2"."""
    return Competence.objects.get(framework="DigComp 2.2", code=code)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Jobcenter Musterkreis"
    slug = "jobcenter"


class PortalPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PortalPage

    title = "Mein Lernen"
    slug = "lernen"


class CatalogPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CatalogPage

    title = "Kurse"
    slug = "kurse"


class ProgrammePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgrammePage

    title = factory.Sequence(lambda n: f"Programm {n}")


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Kurs {n}")
    summary = "Ein Kurs für Beschäftigte im Jobcenter."
    estimated_minutes = 45


class TerminFactory(factory.django.DjangoModelFactory):
    """A date in room 1.12 a week from now, 09:00–12:00 Berlin time, with 12 places; pass `course`."""

    class Meta:
        model = Termin
        skip_postgeneration_save = True

    starts_at = factory.LazyFunction(
        lambda: (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda t: t.starts_at + datetime.timedelta(hours=3))
    room = "Raum 1.12"
    address = "Hauptstraße 1, 12345 Musterstadt"
    capacity = 12

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)
            self.save()


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lektion {n}")
    completion_rule = LessonPage.Rule.READ
    body = factory.LazyFunction(lambda: [text_block("<p>Lesen Sie diesen Text.</p>")])


def text_block(html):
    return {"type": "text", "value": html, "id": str(uuid.uuid4())}


def list_item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def knowledge_check_block(questions=None, pass_mark=50, shuffle=True):
    """Raw StreamField data of a knowledge check; questions: [(kind, prompt, [(text, correct, feedback)])];
    `shuffle`: the editor's switch "Antworten mischen" on every question."""
    questions = questions or [
        (
            "single",
            "Wie übermitteln Sie Sozialdaten per E-Mail?",
            [
                ("Verschlüsselt", True, "Genau: nur verschlüsselt."),
                ("Unverschlüsselt", False, "Nein: Sozialdaten nie unverschlüsselt senden."),
            ],
        ),
        (
            "multiple",
            "Woran erkennen Sie Phishing?",
            [
                ("Fremder Absender", True, ""),
                ("Drängende Frist", True, ""),
                ("Bekannte Signatur", False, "Signaturen lassen sich fälschen."),
            ],
        ),
    ]
    return {
        "type": "knowledge_check",
        "id": str(uuid.uuid4()),
        "value": {
            "title": "Wissenscheck",
            "intro": "",
            "pass_mark": pass_mark,
            "questions": [
                list_item(
                    {
                        "kind": kind,
                        "prompt": prompt,
                        "explanation": "",
                        "shuffle": shuffle,
                        "answers": [
                            list_item({"text": text, "correct": correct, "feedback": feedback})
                            for text, correct, feedback in answers
                        ],
                    }
                )
                for kind, prompt, answers in questions
            ],
        },
    }


class VideoFactory(factory.django.DjangoModelFactory):
    """A video row with a placeholder file; tests that need a playable one pass `file=` (see sample_mp4)."""

    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Erklärvideo {n}")
    type = "video"
    file = factory.django.FileField(filename="erklaervideo.mp4", data=b"\x00\x00\x00\x18ftypisom placeholder")


class CaptionTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaptionTrack

    video = factory.SubFactory(VideoFactory)
    language = "de"
    file = factory.django.FileField(
        filename="untertitel.vtt",
        data=b"WEBVTT\n\n00:00.000 --> 00:02.500\nWillkommen im Jobcenter.\n",
    )


def step_block(title, text=""):
    return {"type": "step", "value": {"title": title, "text": text}, "id": str(uuid.uuid4())}


def document_block(text):
    return {"type": "document", "value": text, "id": str(uuid.uuid4())}


class ExplainerIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "courses.ExplainerIndexPage"

    title = "Erklärt"
    slug = "erklaert"
    intro = "Unsere Online-Dienste, Schritt für Schritt erklärt."


class ExplainerPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "courses.ExplainerPage"

    title = factory.Sequence(lambda n: f"Erklärung {n}")
    lead = "Sie können das online erledigen. Das geht schnell."
    steps = factory.LazyFunction(
        lambda: [
            step_block("Konto anlegen", "Legen Sie ein Konto an."),
            step_block("Antrag auswählen", "Wählen Sie den Antrag."),
            step_block("Unterlagen hochladen", "Laden Sie Fotos hoch."),
            step_block("Antrag absenden", "Senden Sie den Antrag ab."),
        ]
    )
    checklist = factory.LazyFunction(
        lambda: [document_block("Personalausweis"), document_block("Mietvertrag")]
    )
    offline_text = "Kommen Sie vorbei. Wir helfen Ihnen."
    reviewed_at = datetime.date(2026, 3, 1)


class EasyLanguagePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "courses.EasyLanguagePage"

    title = "Leichte Sprache"
    slug = "leichte-sprache"
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "Hier gibt es Infos.", "id": str(uuid.uuid4())}]
    )


class SignLanguagePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "courses.SignLanguagePage"

    title = "Gebärdensprache"
    slug = "gebaerdensprache"
    text = "Ein Video in Deutscher Gebärdensprache."


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "courses.AccessibilityStatementPage"

    title = "Erklärung zur Barrierefreiheit"
    slug = "barrierefreiheit"

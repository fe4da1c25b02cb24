"""factory_boy factories for the tests, and raw StreamField data for lesson bodies."""

import datetime
import uuid

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from courses.models import (
    CaptionTrack,
    CatalogPage,
    CoursePage,
    HomePage,
    LessonPage,
    PortalPage,
    ProgrammePage,
    Video,
)
from learning.models import OrgUnit, StaffProfile

PASSWORD = "richtig-geheim-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@jobcenter.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Team {n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)


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


def knowledge_check_block(questions=None, pass_mark=50):
    """Raw StreamField data of a knowledge check; questions: [(kind, prompt, [(text, correct, feedback)])]."""
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

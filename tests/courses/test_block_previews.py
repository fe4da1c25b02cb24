"""The block picker tells editors what each block is for and shows a preview of sample content."""

import pytest
from django.urls import reverse

from courses.models import EasyLanguagePage, ExplainerPage, LessonPage

pytestmark = pytest.mark.django_db

BODY_BLOCKS = LessonPage._meta.get_field("body").stream_block.child_blocks
STEP_BLOCKS = ExplainerPage._meta.get_field("steps").stream_block.child_blocks
EASY_BLOCKS = EasyLanguagePage._meta.get_field("body").stream_block.child_blocks

# What an editor sees of each block's sample content in its preview.
SEEN_IN_PREVIEW = {
    "video": ["Hier erscheint das gewählte Video", "So starten Sie eine Videoberatung mit einer Kundin."],
    "text": ["Was sind Sozialdaten?", "Sozialgeheimnis (§ 35 SGB I)"],
    "knowledge_check": [
        "Wie schicken Sie einer Kundin ihren Bescheid per E-Mail?",
        "Verschlüsselt über das E-Mail-Postfach des Jobcenters",
        "Antworten prüfen",
    ],
    "download": ["Checkliste: Sozialdaten sicher versenden", "die fünf Fragen vor jedem Versand"],
    "callout": ["Achtung: Phishing", "kern-alert--warning"],
    "steps": ["So versenden Sie eine verschlüsselte E-Mail", "<strong>Verschlüsseln wählen</strong>"],
    "step": ["<strong>Konto anlegen</strong>", "auf „Registrieren“"],
    "paragraph": ["Das Jobcenter hilft Ihnen."],
    "list": ["Ihren Ausweis", "Ihre Kontoauszüge"],
    "explanation": ["Antrag", "Mit einem Antrag sagen Sie dem Jobcenter: Ich brauche Geld."],
}


def preview(client, block):
    return client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})


@pytest.mark.parametrize(
    "block",
    [*BODY_BLOCKS.values(), *STEP_BLOCKS.values(), *EASY_BLOCKS.values()],
    ids=[*BODY_BLOCKS, *STEP_BLOCKS, *(f"leichte-sprache-{name}" for name in EASY_BLOCKS)],
)
def test_every_block_in_the_picker_has_a_description_and_a_preview(client, editor, block):
    assert str(block.get_description()).strip()
    assert hasattr(block.meta, "preview_value")
    assert block.is_previewable

    client.force_login(editor)
    response = preview(client, block)
    assert response.status_code == 200
    html = response.content.decode()
    for text in SEEN_IN_PREVIEW[block.name]:
        assert text in html
    assert "kern/kern.min.css" in html  # styled as on the site


def test_the_knowledge_check_preview_keeps_the_answers_secret(client, editor):
    client.force_login(editor)
    html = preview(client, BODY_BLOCKS["knowledge_check"]).content.decode()
    assert "Richtig: Sozialdaten verlassen das Haus nur verschlüsselt." not in html


def test_previews_are_for_signed_in_editors_only(client):
    response = preview(client, BODY_BLOCKS["text"])
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/?next=/admin/")

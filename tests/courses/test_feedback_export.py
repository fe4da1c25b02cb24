"""The content app's exports (accessibility feedback, competences) through the project's one CSV writer:
German Excel, and text from the public feedback form reaches Excel as text, never as a formula."""

import csv
import io
import random

import pytest
from django.test import Client
from openpyxl import load_workbook

from courses.models import AccessibilityFeedback, Competence
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FEEDBACK = "/admin/accessibilityfeedback/"
COMPETENCES = "/admin/snippets/courses/competence/"
PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tTab", "\rCR"]


def data(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    raw = response if isinstance(response, bytes) else data(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows the umlauts
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";"))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(data(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_formula_sent_through_the_public_form_reaches_the_feedback_export_as_text(
    client, editor, statement_page
):
    # The review's finding: an anonymous visitor's message reached the editors' CSV as a live formula.
    visitor = Client(REMOTE_ADDR=f"10.9.{random.randint(0, 255)}.{random.randint(1, 254)}")
    sent = visitor.post(
        f"/barrierefreiheit/rueckmeldung/{statement_page.pk}/",
        {"message": '=HYPERLINK("http://x")', "name": "@SUM(A1)", "email": ""},
    )
    assert sent.status_code == 303
    assert AccessibilityFeedback.objects.get().message == '=HYPERLINK("http://x")'  # stored as typed
    client.force_login(editor)

    response = client.get(FEEDBACK, {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rueckmeldungen-barrierefreiheit.csv"' in response["Content-Disposition"]
    raw = data(response)
    assert raw.splitlines(keepends=True)[0].endswith(b"\r\n")  # Excel's line ends
    heading, row = csv_rows(raw)
    assert heading[:3] == ["Eingegangen am", "Nachricht", "Name"]
    assert row[1:3] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]

    heading, row = xlsx_rows(client.get(FEEDBACK, {"export": "xlsx"}))
    assert row[1:3] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_leading_formula_character_is_neutralised_in_feedback_and_competences(
    client, editor, export_format
):
    for index, payload in enumerate(PAYLOADS):
        AccessibilityFeedback.objects.create(message=payload, name=payload, page_url="/erklaert/")
        Competence.objects.create(code=f"9.{index}", area_code="9", title_en=payload, title_de=payload)
    client.force_login(editor)
    read = csv_rows if export_format == "csv" else xlsx_rows

    feedback = read(client.get(FEEDBACK, {"export": export_format}))
    # XML reads a CR back as LF.
    messages = {row[1].replace("\n", "\r") for row in feedback[1:]}
    assert messages == {"'" + payload for payload in PAYLOADS}

    # The competence framework is maintained by administrators only.
    client.force_login(UserFactory(username="root", is_superuser=True))
    competences = read(client.get(COMPETENCES, {"export": export_format}))
    assert competences[0] == [
        "Rahmen",
        "Nummer",
        "Kompetenzbereich",
        "Titel (Deutsch)",
        "Titel (Englisch, offiziell)",
    ]
    planted = [row for row in competences if row[2] in ("9", "'9")]
    assert {row[3].replace("\n", "\r") for row in planted} == {"'" + payload for payload in PAYLOADS}
    assert len(competences) == Competence.objects.count() + 1

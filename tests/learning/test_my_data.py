""" "Meine Daten" and the Art. 15 download: only one's own data, everything of it, logged and never cached."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from learning import completion, my_data, privacy
from learning.models import AccessLogEntry, Certificate, QuizAttempt
from tests.factories import CoursePageFactory, LessonPageFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("courses", "learning", "lotsen")
# User fields that are no category of the person's own data, each with the reason. Everything else that
# points at the user model must be covered by a section of learning.my_data.
EXCUSED = {
    # The act names its author on somebody else's record: the row is the holder's data. The author's side is
    # in their export all the same, as an access-log entry as viewer ("Zertifikat widerrufen", "befreit").
    "learning.Certificate.revoked_by": "logged as CERTIFICATE_REVOKED with the revoker as viewer",
    "learning.Exemption.created_by": "logged as EXEMPTION with the coordinator as viewer",
    "learning.Registration.attendance_marked_by": "the trainer's act on the participant's registration (her"
    " section 'termine'); opening the list is logged as VIEW_PROGRESS with the trainer as viewer",
    # Exists only while an account is deactivated, and a deactivated account cannot sign in to download.
    "learning.AccountDeactivation.user": "only for deactivated accounts, which cannot download",
    # A coordinator's working file about other people; that they exported is in their log as viewer.
    "learning.ExportJob.requested_by": "logged as EXPORT entries with the requester as viewer",
}


def user_fields():
    """ "app.Model.field" of every field of the project's own models that points at the user model.

    Fields a model inherits from Wagtail's Page (owner, locked_by) are Wagtail's editorial bookkeeping and
    belong to wagtailcore.Page, not to a project model; they are not walked."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is not user_model:
                continue
            if field.model._meta.app_label not in PROJECT_APPS:
                continue
            found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_user_field_of_the_project_is_exported_or_excused_with_a_reason():
    fields = user_fields()
    assert "learning.QuizAttempt.user" in fields  # the walk finds what it should
    covered = my_data.covered_fields()
    missing = sorted(fields - set(covered) - set(EXCUSED))
    assert not missing, (
        "These fields point at the user model but no section of learning.my_data exports them "
        f"(register_section(..., covers=[...])) and no reason excuses them: {missing}"
    )
    # Nothing is covered or excused that does not exist (a renamed field would otherwise slip through).
    assert not (set(covered) | set(EXCUSED)) - fields


def test_every_section_has_a_file_name_label_and_description():
    names = [section.name for section in my_data.sections()]
    assert len(names) == len(set(names))
    assert {"profil", "wissenschecks", "zertifikate", "hilfeanfragen", "begleitungen"} <= set(names)
    for section in my_data.sections():
        assert str(section.label) and str(section.description)


@pytest.mark.parametrize(
    ("period", "text"),
    [
        ({"days": 90}, "wird gelöscht nach 90 Tagen"),
        ({"days": 1}, "wird gelöscht nach 1 Tag"),
        ({"months": 6}, "wird gelöscht nach 6 Monaten"),
        ({"months": 1}, "wird gelöscht nach 1 Monat"),
        ({"years": 3}, "wird gelöscht nach 3 Jahren"),
    ],
)
def test_retention_text_says_how_long(settings, period, text):
    settings.RETENTION = {**settings.RETENTION, "quiz_attempts": period}
    assert my_data.retention_text("quiz_attempts") == text


def test_a_category_without_retention_is_kept_as_long_as_the_account_exists():
    assert my_data.retention_text("") == "solange Ihr Konto besteht"
    assert my_data.retention_text("profile") == "solange Ihr Konto besteht"


@pytest.fixture
def course(catalog_page):
    return CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")


@pytest.fixture
def lesson(course):
    return LessonPageFactory(parent=course, title="Was sind Sozialdaten?")


@pytest.fixture
def other(db):
    return UserFactory(
        username="otto", first_name="Otto", last_name="Nachbar", email="otto@jobcenter.example"
    )


@pytest.fixture
def record(learner, other, course, lesson):
    """Anna's learner record with a certificate, and Otto's, who must never show in Anna's data."""
    for person, score in ((learner, 0.8), (other, 0.35)):
        completion.enrol(person, course)
        completion.complete_lesson(person, lesson, completion.Evidence(lesson.completion_rule))
        QuizAttempt.objects.create(
            user=person, lesson=lesson, check_id="c1", answers={"q1": ["a"]}, score=score, passed=score > 0.5
        )
    certificate = Certificate.objects.create(
        enrolment=learner.enrolments.get(),
        user=learner,
        course=course,
        completed_at=timezone.now(),
        number="LH-ANNA-1",
        holder_name="Anna Becker",
        course_title=course.title,
    )
    certificate.pdf.save("anna.pdf", ContentFile(b"%PDF-1.4 Anna"), save=True)
    Certificate.objects.create(
        enrolment=other.enrolments.get(),
        user=other,
        course=course,
        completed_at=timezone.now(),
        number="LH-OTTO-1",
        holder_name="Otto Nachbar",
        course_title=course.title,
    )
    privacy.log_access(other, learner, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #7")
    privacy.log_access(learner, other, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #8")
    return certificate


def download(client):
    response = client.post(reverse("my_data_download"))
    assert response.status_code == 200, response.content[:300]
    return response, zipfile.ZipFile(io.BytesIO(response.content))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get(reverse("my_data")), client.post(reverse("my_data_download"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_categories_retention_who_saw_and_own_quiz_attempts(client, settings, learner, record):
    settings.RETENTION = {"quiz_attempts": {"months": 6}}
    client.force_login(learner)
    response = client.get(reverse("my_data"))
    html = response.content.decode()
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "Meine Daten" in html
    assert "Profil und Gruppen" in html and "Lernfortschritt" in html
    assert "wird gelöscht nach 6 Monaten" in html
    assert "solange Ihr Konto besteht" in html
    # Who saw her data: Otto, what and why.
    assert "Wer hat meine Daten gesehen?" in html
    assert "Otto Nachbar" in html and "Lernfortschritt angesehen" in html and "Coaching #7" in html
    # Her own attempt (80 %), not Otto's (35 %).
    assert "Was sind Sozialdaten?" in html and ">80<" in html
    assert ">35<" not in html
    assert "Coaching #8" not in html  # her own reads of others are in the download, not on this page
    assert reverse("my_data_download") in html and "csrfmiddlewaretoken" in html


def test_the_header_links_my_data_for_signed_in_people(client, learner, home_page):
    client.force_login(learner)
    assert f'href="{reverse("my_data")}"' in client.get(reverse("lotsen:index")).content.decode()


def test_download_is_a_zip_with_json_csv_per_category_and_certificate_pdfs(client, learner, record):
    client.force_login(learner)
    response, archive = download(client)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="lernhafen-meine-daten-')
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    names = set(archive.namelist())
    assert "daten.json" in names
    assert {f"{section.name}.csv" for section in my_data.sections()} <= names
    assert archive.read("zertifikate/Zertifikat-LH-ANNA-1.pdf") == b"%PDF-1.4 Anna"

    data = json.loads(archive.read("daten.json"))
    categories = data["kategorien"]
    assert categories["profil"]["eintraege"][0]["Benutzername"] == "anna"
    assert categories["profil"]["eintraege"][0]["Gruppen"] == "Lernende"
    assert categories["einschreibungen"]["eintraege"][0]["Kurs"] == "Datenschutz und Sozialgeheimnis"
    assert categories["lernfortschritt"]["eintraege"][0]["Lektion"] == "Was sind Sozialdaten?"
    attempt = categories["wissenschecks"]["eintraege"][0]
    assert attempt["Ergebnis (%)"] == 80 and attempt["Antworten"] == {"q1": ["a"]}
    assert categories["zertifikate"]["eintraege"][0]["Zertifikatsnummer"] == "LH-ANNA-1"
    seen = categories["zugriffe_auf_ihre_daten"]["eintraege"]
    assert {
        "wer": "Otto Nachbar",
        "was": "Lernfortschritt angesehen",
        "warum": "Coaching #7",
    }.items() <= seen[-1].items()
    assert categories["ihre_zugriffe"]["eintraege"][0]["warum"] == "Coaching #8"
    assert all("speicherdauer" in category for category in categories.values())

    # One CSV per category for German Excel: BOM, semicolons, German dates.
    csv = archive.read("wissenschecks.csv").decode("utf-8")
    assert csv.startswith("\ufeffKurs;Lektion;abgegeben am;Ergebnis (%);bestanden;Antworten")
    assert ";80;ja;" in csv


def test_the_certificate_check_address_is_the_absolute_one_on_the_public_host(
    client, settings, learner, record
):
    # Whoever is shown the certificate reaches the check page from outside, never through the intranet.
    settings.PUBLIC_BASE_URL = "https://www.jobcenter-musterkreis.example"
    address = f"https://www.jobcenter-musterkreis.example/zertifikat/{record.verification_code}/"
    client.force_login(learner)
    _, archive = download(client)
    data = json.loads(archive.read("daten.json"))
    assert data["kategorien"]["zertifikate"]["eintraege"][0]["Prüfadresse"] == address
    assert f";{address};" in archive.read("zertifikate.csv").decode()
    client.logout()
    assert client.get(address.removeprefix(settings.PUBLIC_BASE_URL)).status_code == 200


def test_the_download_contains_nothing_about_other_people(client, learner, other, record):
    client.force_login(learner)
    _, archive = download(client)
    everything = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    # Otto shows only as the one who viewed Anna's data (her right to know); nothing of his own record.
    assert "LH-OTTO-1" not in everything
    assert "otto@jobcenter.example" not in everything
    assert "Otto Nachbar" in archive.read("zugriffe_auf_ihre_daten.csv").decode()
    for name in archive.namelist():
        if name != "zugriffe_auf_ihre_daten.csv" and name != "daten.json":
            assert "Otto" not in archive.read(name).decode("utf-8", "replace"), name
    data = json.loads(archive.read("daten.json"))
    assert [row["Ergebnis (%)"] for row in data["kategorien"]["wissenschecks"]["eintraege"]] == [80]


def test_nobody_can_download_somebody_elses_data_with_a_forged_parameter(client, learner, other, record):
    client.force_login(other)
    response = client.post(
        reverse("my_data_download") + f"?user={learner.pk}", {"user": learner.pk, "subject": learner.pk}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("daten.json"))
    assert data["person"] == "otto"
    assert "zertifikate/Zertifikat-LH-ANNA-1.pdf" not in archive.namelist()
    assert "LH-ANNA-1" not in archive.read("zertifikate.csv").decode()
    assert not AccessLogEntry.objects.filter(subject=learner, action=AccessLogEntry.Action.EXPORT).exists()


def test_the_download_is_post_only_and_logged_as_art_15_export(client, learner, record):
    client.force_login(learner)
    assert client.get(reverse("my_data_download")).status_code == 405
    download(client)
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORT)
    assert entry.viewer == learner and entry.subject == learner
    assert entry.reason == "Auskunft nach Art. 15 DSGVO"
    # The next page view shows the export as "Sie selbst".
    html = client.get(reverse("my_data")).content.decode()
    assert "Daten exportiert" in html and "Auskunft nach Art. 15 DSGVO" in html and "Sie selbst" in html


def test_the_download_needs_a_csrf_token(learner, record):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post(reverse("my_data_download")).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_a_person_without_any_records_gets_an_empty_but_complete_archive(client, db):
    person = UserFactory(username="neu")
    client.force_login(person)
    html = client.get(reverse("my_data")).content.decode()
    assert "Keine Einträge." in html
    _, archive = download(client)
    data = json.loads(archive.read("daten.json"))
    assert data["kategorien"]["wissenschecks"]["eintraege"] == []
    assert archive.read("wissenschecks.csv").decode("utf-8") == "\ufeff"


def _queries(client, method, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(reverse(name))
    assert response.status_code == 200
    return len(queries)


def test_page_and_download_take_the_same_number_of_queries_for_1_and_50_records(
    client, learner, other, course
):
    def add(count):
        start = QuizAttempt.objects.filter(user=learner).count()
        for number in range(start, start + count):
            lesson = LessonPageFactory(parent=course, title=f"Lektion {number}")
            completion.complete_lesson(learner, lesson, completion.Evidence(lesson.completion_rule))
            QuizAttempt.objects.create(user=learner, lesson=lesson, check_id="c", score=0.5, passed=True)
            privacy.log_access(other, learner, AccessLogEntry.Action.VIEW_PROGRESS, f"Coaching #{number}")

    completion.enrol(learner, course)
    client.force_login(learner)
    add(1)
    client.get(reverse("my_data"))  # warms the header's landmark cache
    few = _queries(client, "get", "my_data"), _queries(client, "post", "my_data_download")
    add(49)
    many = _queries(client, "get", "my_data"), _queries(client, "post", "my_data_download")
    assert few == many


def test_download_has_mandatory_training_cycles_exemptions_and_uploaded_videos(
    client, learner, other, course
):
    from learning.models import Exemption, RequirementCycle
    from tests.factories import TrainingRequirementFactory, VideoFactory

    requirement = TrainingRequirementFactory(course=course, name="Jährliche Datenschutzunterweisung")
    today = timezone.localdate()
    RequirementCycle.objects.create(
        requirement=requirement,
        user=learner,
        opens_on=today,
        due_on=today + datetime.timedelta(days=30),
        overdue_from=today + datetime.timedelta(days=30),
    )
    Exemption.objects.create(
        requirement=requirement, user=learner, reason="Elternzeit", until=today, created_by=other
    )
    VideoFactory(title="Online-Antrag erklärt", uploaded_by_user=learner)
    VideoFactory(title="Ottos Video", uploaded_by_user=other)
    client.force_login(learner)
    _, archive = download(client)
    categories = json.loads(archive.read("daten.json"))["kategorien"]
    cycle = categories["pflichtschulungen"]["eintraege"][0]
    assert (
        cycle["Pflichtschulung"] == "Jährliche Datenschutzunterweisung" and cycle["Stand heute"] == "fällig"
    )
    assert categories["befreiungen"]["eintraege"][0]["Grund"] == "Elternzeit"
    assert [row["Titel"] for row in categories["hochgeladene_videos"]["eintraege"]] == [
        "Online-Antrag erklärt"
    ]
    assert "Otto" not in json.dumps(categories, ensure_ascii=False)


def test_a_deleted_viewer_shows_by_pseudonym_and_sign_ins_are_listed_apart(client, learner, other, record):
    client.force_login(learner)
    other.delete()
    html = client.get(reverse("my_data")).content.decode()
    seen = html[html.index("Wer hat meine Daten gesehen?") :]
    assert "gelöschte Person (Kennung " in seen and "Otto" not in html
    _response, archive = download(client)
    seen_csv = archive.read("zugriffe_auf_ihre_daten.csv").decode("utf-8-sig")
    # Joining the group "Lernende" is a change of rights: listed with the sign-ins, not as a view.
    assert "gelöschte Person (Kennung " in seen_csv and "Gruppen geändert" not in seen_csv
    assert "Gruppen geändert" in archive.read("anmeldungen_und_rechte.csv").decode("utf-8-sig")

"""Documents and videos follow the pages that use them: staff lessons, group lessons, public explainers."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from learning.models import AccessLogEntry
from tests.factories import (
    CoursePageFactory,
    ExplainerPageFactory,
    LessonPageFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 4


def download_block(document):
    return {
        "type": "download",
        "value": {"document": document.pk, "title": "", "description": ""},
        "id": str(uuid.uuid4()),
    }


def video_block(video):
    return {"type": "video", "value": {"video": video.pk, "caption": ""}, "id": str(uuid.uuid4())}


def make_document(name="checkliste.pdf", data=PDF, collection=None):
    document = Document(title=name, file=ContentFile(data, name))
    if collection is not None:
        document.collection = collection
    document.save()
    return document


@pytest.fixture
def course(catalog_page):
    return CoursePageFactory(parent=catalog_page)


def lesson_using(course, *media, live=True):
    blocks = [download_block(item) if isinstance(item, Document) else video_block(item) for item in media]
    return LessonPageFactory(parent=course, body=blocks, live=live)


@pytest.fixture
def group_lesson_course(course):
    """A course only the group "BASS-Studierende" may see (a restriction below the staff portal)."""
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get_or_create(name="BASS-Studierende")[0])
    return course


@pytest.fixture
def bassi(db):
    return UserFactory(username="bassi", groups=["Lernende", "BASS-Studierende"])


def refusals():
    return list(AccessLogEntry.objects.filter(action=AccessLogEntry.Action.ACCESS_REFUSED))


def test_a_document_of_a_staff_lesson_needs_a_sign_in(client, learner, course):
    document = make_document()
    lesson_using(course, document)

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/anmelden/?next=")

    client.force_login(learner)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response.content == PDF


def test_a_document_of_a_group_lesson_is_refused_to_others_and_the_refusal_is_logged(
    client, learner, bassi, group_lesson_course
):
    document = make_document("bass-plan.pdf")
    lesson_using(group_lesson_course, document)

    client.force_login(learner)
    assert client.get(document.url).status_code == 403
    assert [entry.reason for entry in refusals()] == [f"Seite: GET {document.url}"]

    client.force_login(bassi)
    assert client.get(document.url).status_code == 200


def public_page_linking(home_page, document):
    """A public imprint whose text links the document (a rich-text link, as editors make them)."""
    from courses.models import ImprintPage

    link = f'<p><a linktype="document" id="{document.pk}">Formular</a></p>'
    section = {"type": "section", "value": {"heading": "Formulare", "text": link}, "id": str(uuid.uuid4())}
    return home_page.add_child(instance=ImprintPage(title="Impressum", slug="impressum", body=[section]))


def test_a_document_linked_from_a_public_page_is_public_even_if_a_staff_lesson_uses_it_too(
    client, home_page, course
):
    document = make_document("antrag-checkliste.pdf")
    lesson_using(course, document)
    assert client.get(document.url).status_code == 302  # only the staff lesson: sign in first

    public_page_linking(home_page, document)

    response = client.get(document.url)
    assert response.status_code == 200
    assert response.content == PDF


def test_an_unused_document_is_for_signed_in_people_only(client, learner, home_page):
    document = make_document("entwurf.pdf")

    assert client.get(document.url).status_code == 302
    client.force_login(learner)
    assert client.get(document.url).status_code == 200


def test_an_unpublished_public_page_does_not_make_a_document_public(client, learner, home_page, course):
    document = make_document("entwurf-bass.pdf")
    lesson_using(course, document)
    draft = public_page_linking(home_page, document)
    draft.unpublish()

    assert client.get(document.url).status_code == 302
    client.force_login(learner)
    assert client.get(document.url).status_code == 200


def test_an_editor_gets_a_document_of_a_group_lesson_to_check_it(
    client, learner, editor, group_lesson_course
):
    document = make_document("bass-termine.pdf")
    lesson_using(group_lesson_course, document)

    client.force_login(learner)
    assert client.get(document.url).status_code == 403
    client.force_login(editor)
    assert client.get(document.url).status_code == 200


def test_the_staff_collection_needs_a_sign_in_even_for_an_unused_document(client, learner, home_page):
    staff = Collection.get_first_root_node().add_child(name="Beschäftigte")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = make_document("intern.pdf", collection=staff)

    assert client.get(document.url).status_code == 302
    client.force_login(learner)
    assert client.get(document.url).status_code == 200


def test_a_staff_video_follows_the_group_lesson_that_uses_it(client, learner, bassi, group_lesson_course):
    video = VideoFactory(file=ContentFile(MP4, "bass.mp4"))
    lesson_using(group_lesson_course, video)

    assert client.get(video.url).status_code == 302
    client.force_login(learner)
    assert client.get(video.url).status_code == 403
    assert len(refusals()) == 1
    client.force_login(bassi)
    assert client.get(video.url).status_code == 200


def test_a_sign_language_video_follows_the_pages_of_the_video_that_names_it(
    client, learner, bassi, group_lesson_course
):
    dgs = VideoFactory(file=ContentFile(MP4, "dgs.mp4"))
    video = VideoFactory(file=ContentFile(MP4, "bass.mp4"), sign_language_video=dgs)
    lesson_using(group_lesson_course, video)

    client.force_login(learner)
    assert client.get(dgs.url).status_code == 403
    client.force_login(bassi)
    assert client.get(dgs.url).status_code == 200


def test_an_unmarked_video_on_a_public_explainer_still_needs_a_sign_in(client, learner, explainer_index):
    video = VideoFactory(file=ContentFile(MP4, "intern.mp4"))
    ExplainerPageFactory(parent=explainer_index, video=video)

    assert client.get(video.url).status_code == 302
    client.force_login(learner)
    assert client.get(video.url).status_code == 200


def test_a_public_explainer_video_stays_public_even_in_a_group_lesson(client, group_lesson_course):
    video = VideoFactory(is_public=True, file=ContentFile(MP4, "erklaert.mp4"))
    lesson_using(group_lesson_course, video)

    assert client.get(video.url).status_code == 200


@pytest.mark.parametrize("lessons", [1, 50])
def test_the_query_count_does_not_grow_with_the_pages_using_a_file(
    client, bassi, group_lesson_course, lessons
):
    document = make_document("viel-genutzt.pdf")
    video = VideoFactory(file=ContentFile(MP4, "viel-genutzt.mp4"))
    for _ in range(lessons):
        lesson_using(group_lesson_course, document, video)
    client.force_login(bassi)
    client.get(video.url)  # the session is warm

    with CaptureQueriesContext(connection) as video_queries:
        assert client.get(video.url).status_code == 200
    with CaptureQueriesContext(connection) as document_queries:
        assert client.get(document.url).status_code == 200

    # session, user, video with its collection, collection restrictions, using pages, page restrictions,
    # their groups, the person's groups: the same at 1 and at 50 lessons
    assert len(video_queries) == 8
    # for a document, its collection is read on its own (Wagtail's view fetches the document)
    assert len(document_queries) == 9


def test_the_demo_puts_staff_documents_in_a_collection_for_signed_in_people(client, learner, home_page):
    from courses.demo.documents import STAFF_COLLECTION, ensure_demo_document, ensure_staff_collection
    from courses.demo.loader import load
    from courses.demo.pages import lesson_body

    phishing = next(course for course in load().courses if course["slug"] == "phishing-erkennen")
    lesson = next(lesson for lesson in phishing["lessons"] if lesson["slug"] == "merkmale")
    downloads = [
        item for item in lesson_body("phishing-erkennen", lesson, None) if item["type"] == "download"
    ]
    document = Document.objects.get(pk=downloads[0]["value"]["document"])

    assert document.collection.name == STAFF_COLLECTION
    assert document.file.read().startswith(b"%PDF-")
    restriction = CollectionViewRestriction.objects.get(collection=document.collection)
    assert restriction.restriction_type == CollectionViewRestriction.LOGIN
    # Seeding again changes nothing.
    assert ensure_staff_collection() == document.collection
    assert ensure_demo_document(document.title, ["andere Zeilen"]) == document
    assert CollectionViewRestriction.objects.count() == 1

    assert client.get(document.url).status_code == 302
    client.force_login(learner)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; ")

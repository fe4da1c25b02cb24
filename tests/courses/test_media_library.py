"""The media library in the admin: videos with their caption languages, the filter for videos without captions,
search, collections and ordering as wagtailmedia had them, at a fixed number of queries."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Collection

from tests.factories import CaptionTrackFactory, ExplainerPageFactory, UserFactory, VideoFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/media/"


@pytest.fixture
def rita(client, editor):
    client.force_login(editor)
    return client


def rows(html):
    """The list as the editor reads it: one dict of column heading → cell text per video."""
    table = re.search(r'<table class="listing">(.*?)</table>', html, re.S)
    if table is None:
        return []

    def text(cell):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()

    headings = [text(th) for th in re.findall(r"<th\b[^>]*>(.*?)</th>", table.group(1), re.S)]
    body = table.group(1).split("<tbody>", 1)[1]
    return [
        dict(zip(headings, map(text, re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)), strict=True))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def titles(response):
    assert response.status_code == 200
    return [row["Titel"] for row in rows(response.content.decode())]


def test_the_list_names_each_videos_caption_languages(rita):
    captioned = VideoFactory(title="Antrag online stellen")
    CaptionTrackFactory(video=captioned, language="en")
    CaptionTrackFactory(video=captioned, language="de")
    VideoFactory(title="Videoberatung starten")

    listed = {row["Titel"]: row for row in rows(rita.get(INDEX).content.decode())}

    assert listed["Antrag online stellen"]["Untertitel"] == "Deutsch, Englisch"
    assert listed["Videoberatung starten"]["Untertitel"] == "keine"
    assert listed["Videoberatung starten"]["Verarbeitung"] == "In Bearbeitung"
    assert listed["Videoberatung starten"]["Verwendung"] == "0 mal benutzt"


def test_the_filter_ohne_untertitel_leaves_only_videos_without_a_caption_track(rita):
    CaptionTrackFactory(video=VideoFactory(title="Mit Untertiteln"))
    VideoFactory(title="Noch ohne")

    html = rita.get(INDEX).content.decode()
    assert "ohne Untertitel" in html and 'name="captions"' in html
    assert titles(rita.get(INDEX, {"captions": "none"})) == ["Noch ohne"]
    assert titles(rita.get(INDEX, {"captions": "any"})) == ["Mit Untertiteln"]
    # The results address refreshes the list while the editor filters (no page around it).
    results = rita.get(reverse("video_index_results"), {"captions": "none"})
    assert titles(results) == ["Noch ohne"] and "<html" not in results.content.decode()


def test_search_finds_words_of_the_transcript_and_combines_with_every_filter_and_ordering(
    rita, explainer_index
):
    """Wagtail's search backend filters search results by FilterFields only (Video.search_fields)."""
    spoken = "Den Weiterbewilligungsantrag stellen Sie online."
    first = VideoFactory(title="Weiterbewilligung Teil 1", transcript=spoken)
    second = VideoFactory(title="Weiterbewilligung Teil 2", transcript=spoken)
    VideoFactory(title="Postfach", transcript="Das Postfach finden Sie oben rechts.")
    CaptionTrackFactory(video=first)
    first.tags.add("Antrag")
    second.tags.add("Antrag")
    ExplainerPageFactory(parent=explainer_index, video=second)  # second is used once

    assert set(titles(rita.get(INDEX, {"q": "Weiterbewilligungsantrag"}))) == {first.title, second.title}
    search = {"q": "Weiterbewilligungsantrag"}
    assert titles(rita.get(INDEX, {**search, "captions": "none"})) == [second.title]
    assert titles(rita.get(INDEX, {**search, "captions": "any", "ordering": "created_at"})) == [first.title]
    assert titles(rita.get(INDEX, {**search, "ordering": "-created_at"})) == [second.title, first.title]
    assert titles(rita.get(INDEX, {**search, "ordering": "title"})) == [first.title, second.title]
    assert set(titles(rita.get(INDEX, {**search, "tag": "Antrag"}))) == {first.title, second.title}
    assert titles(rita.get(INDEX, {**search, "usage_count_min": "1"})) == [second.title]
    assert titles(rita.get(INDEX, {**search, "usage_count_max": "0", "captions": "none"})) == []
    assert (
        "Kein Video passt zu „<em>Weiterbewilligungsantrag</em>“."
        in rita.get(INDEX, {**search, "usage_count_max": "0", "captions": "none"}).content.decode()
    )


def test_collection_counts_link_to_the_list_of_that_collection(rita):
    staff_only = Collection.get_first_root_node().add_child(name="Beschäftigte")
    VideoFactory(title="Intern", collection=staff_only)
    VideoFactory(title="Öffentlich")

    # wagtailmedia's collection page links its count of media files to ?collection_id=.
    listed = rows(rita.get(INDEX, {"collection_id": staff_only.pk}).content.decode())
    assert [(row["Titel"], row["Sammlung"]) for row in listed] == [("Intern", "Beschäftigte")]


def test_ordering_as_in_wagtailmedias_list(rita):
    for title in ["Bürgergeld", "Anmeldung", "Chat"]:
        VideoFactory(title=title)

    assert titles(rita.get(INDEX)) == ["Chat", "Anmeldung", "Bürgergeld"]  # newest first
    assert titles(rita.get(INDEX, {"ordering": "title"})) == ["Anmeldung", "Bürgergeld", "Chat"]
    assert titles(rita.get(INDEX, {"ordering": "-title"})) == ["Chat", "Bürgergeld", "Anmeldung"]
    assert titles(rita.get(INDEX, {"ordering": "created_at"})) == ["Bürgergeld", "Anmeldung", "Chat"]


def test_each_video_links_its_edit_page_its_file_and_its_usage(rita):
    video = VideoFactory(title="Antrag online stellen")
    html = rita.get(INDEX).content.decode()

    assert f'href="{reverse("wagtailmedia:edit", args=[video.pk])}"' in html
    assert f'href="{video.url}"' in html
    assert f'href="{reverse("wagtailmedia:media_usage", args=[video.pk])}"' in html
    assert "Video hinzufügen" in html and reverse("wagtailmedia:add", args=["video"]) in html


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_costs_the_same_queries_for_one_video_as_for_fifty(
    rita, count, django_assert_max_num_queries
):
    Collection.get_first_root_node().add_child(name="Beschäftigte")  # shows the collection column too
    for _ in range(count):
        video = VideoFactory()
        video.tags.add("Antrag")
        CaptionTrackFactory(video=video, language="de")
        CaptionTrackFactory(video=video, language="en")
    rita.get(INDEX)  # the process-wide caches (content types) filled once

    with django_assert_max_num_queries(17):
        listing = rita.get(INDEX)
    # One more: the tag filter reads the ids of the tagged videos before it searches (Wagtail's PopularTagsFilter).
    with django_assert_max_num_queries(18):
        filtered = rita.get(INDEX, {"q": "Erklärvideo", "captions": "any", "tag": "Antrag"})

    for response in (listing, filtered):
        assert [row["Untertitel"] for row in rows(response.content.decode())] == ["Deutsch, Englisch"] * min(
            count, 20
        )


@pytest.mark.parametrize(
    "query",
    [
        {"collection_id": "keine-zahl"},
        {"collection_id": "999999"},
        {"captions": "alle-ohne"},
        {"usage_count_min": "viele", "usage_count_max": "-1"},
        {"ordering": "file"},
        {"ordering": "usage_count", "q": "Antrag"},
        {"p": "999"},
        {"p": "-1"},
        {"tag": "gibt-es-nicht"},
        {"q": "Antrag\x00", "captions": "none"},
        {"q": "x" * 2000},
        {"q": '"Antrag" AND OR (*'},
    ],
)
def test_odd_addresses_answer_with_the_list_not_an_error(rita, query):
    VideoFactory(title="Antrag online stellen")
    assert rita.get(INDEX, query).status_code == 200
    assert rita.get(reverse("video_index_results"), query).status_code == 200


def test_people_without_media_permissions_do_not_get_the_list(client):
    client.force_login(UserFactory(groups=["Koordination"]))
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert "Video hinzufügen" not in response.content.decode()

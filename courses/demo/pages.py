"""Seeds the page tree of the staff side: home page, portal, catalogue, programmes, courses and lessons."""

import uuid

from django.utils.html import format_html, format_html_join
from wagtail.models import Page, Site

from ..models import (
    AccessibilityStatementPage,
    CatalogPage,
    Competence,
    CourseCompetence,
    CoursePage,
    HomePage,
    LessonPage,
    PortalPage,
    ProgrammePage,
)
from .documents import ensure_demo_document
from .media import ensure_demo_video
from .tree import child_with_slug, ensure_child

# Block ids derive from course, lesson and position, so every run and every fresh database gives the
# same ids (quiz attempts and progress refer to them).
BLOCK_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://lernhafen.example/demo/blocks")


def ensure_home_page(fields):
    """The job centre's home page as the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(instance=HomePage(**fields))
    # The site is named after its home page.
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=fields["title"],
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = fields["title"]
        site.save()
        # Wagtail's "Welcome" placeholder has no content of ours; remove it.
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home


def seed_videos(stdout, videos):
    """The demo videos of the courses, keyed like videos.toml."""
    videos = {key: ensure_demo_video(key=key, **spec) for key, spec in videos.items()}
    stdout.write(f"Videos: {len(videos)} Erklärvideos mit Untertiteln.")
    return videos


def seed(stdout, data):
    """The staff side of the page tree from the loaded demo data (courses.demo.loader.DemoData)."""
    home = ensure_home_page(data.home)
    portal = ensure_child(home, PortalPage, **data.portal)
    ensure_child(home, AccessibilityStatementPage, **data.statement)
    stdout.write("Seitenbaum: Startseite, Lernportal und Erklärung zur Barrierefreiheit sind da.")
    # The staff collection the lessons' documents go into is setup_site's (courses.site_setup).
    pages_before = Page.objects.count()
    catalog = ensure_child(portal, CatalogPage, **data.catalog)
    programmes = {fields["slug"]: ensure_child(portal, ProgrammePage, **fields) for fields in data.programmes}
    videos = seed_videos(stdout, data.videos)
    for course in data.courses:
        ensure_course(catalog, programmes, course, videos)
    mark_placeholders(catalog, data.placeholder_note)
    stdout.write(
        f"Kurse: {len(data.courses)} Kurse in {len(programmes)} Programmen, "
        f"{Page.objects.count() - pages_before} Seiten neu angelegt."
    )


def mark_placeholders(catalog, note):
    """Courses whose summary carries the placeholder note are placeholders: only their programme's audience
    sees them (issue 14). Published as a revision, so an editor's next publication keeps the mark."""
    courses = CoursePage.objects.child_of(catalog).filter(summary__contains=note, placeholder=False)
    for course in courses:
        course.placeholder = True
        course.save_revision().publish()


def ensure_course(catalog, programmes, data, videos):
    """The course with its lessons; an existing course or lesson (same slug) is left as it is."""
    course = child_with_slug(catalog, data["slug"])
    if course is None:
        course = catalog.add_child(instance=new_course(catalog, programmes, data))
    for lesson in data["lessons"]:
        ensure_child(
            course, LessonPage, **lesson_fields(data["slug"], lesson, videos.get(lesson.get("video")))
        )
    return course


def lesson_fields(course_slug, lesson, video=None):
    """A LessonPage's fields; with its video the lesson shows it first and is completed by watching it."""
    return {
        "slug": lesson["slug"],
        "title": lesson["title"],
        "intro": lesson["intro"],
        "body": lesson_body(course_slug, lesson, video),
        "estimated_minutes": lesson["minutes"],
        "completion_rule": LessonPage.Rule.VIDEO if video is not None else lesson["rule"],
    }


def new_course(catalog, programmes, data):
    """An unsaved CoursePage with its competences, prerequisites and tags (saved together with it)."""
    course = CoursePage(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        learning_goals=format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((g,) for g in data["goals"]))
        ),
        audience=data["audience"],
        estimated_minutes=sum(lesson["minutes"] for lesson in data["lessons"]),
        programme=programmes[data["programme"]],
        certificate_enabled=data["certificate"],
        certificate_validity_months=data["validity_months"],
        course_competences=[
            CourseCompetence(
                competence=Competence.objects.get(framework="DigComp 2.2", code=code), target_level=level
            )
            for code, level in data["competences"]
        ],
        # catalog.toml lists prerequisites before the courses that need them (the loader checks it).
        prerequisites=[child_with_slug(catalog, slug) for slug in data["prerequisites"]],
    )
    if data["checks"] is not None:
        course.check_max_failed_attempts = data["checks"]["max_failed_attempts"]
        course.check_wait_minutes = data["checks"]["wait_minutes"]
        course.check_feedback = data["checks"]["feedback"]
    # Tags are not accepted by the constructor; added here they are saved with the page.
    course.tags.add(*data["tags"])
    return course


def lesson_body(course_slug, lesson, video):
    """Raw StreamField data of a lesson: its video (if any), its blocks, then its knowledge check."""
    key = f"{course_slug}/{lesson['slug']}"
    body = []
    if video is not None:
        body.append(stream_item("video", {"video": video.pk, "caption": video.title}, key, "video"))
    for index, block in enumerate(lesson["body"]):
        body.append(
            stream_item(block["type"], BLOCK_VALUES[block["type"]](f"{key}/{index}", block), key, index)
        )
    if "check" in lesson:
        body.append(
            stream_item("knowledge_check", check_value(f"{key}/check", lesson["check"]), key, "check")
        )
    return body


def stream_item(block_type, value, *id_parts):
    """One item of raw StreamField or ListBlock data, with an id derived from id_parts."""
    return {
        "type": block_type,
        "value": value,
        "id": str(uuid.uuid5(BLOCK_IDS, "/".join(map(str, id_parts)))),
    }


def text_value(key, block):
    return block["html"]


def steps_value(key, block):
    return {
        "title": block["title"],
        "steps": [
            stream_item("item", {"title": step["title"], "text": step["text"]}, key, index)
            for index, step in enumerate(block["steps"])
        ],
    }


def callout_value(key, block):
    return {"kind": block["kind"], "title": block["title"], "text": block["html"]}


def download_value(key, block):
    document = ensure_demo_document(block["title"], block["lines"])
    return {"document": document.pk, "title": block["title"], "description": block["description"]}


BLOCK_VALUES = {
    "text": text_value,
    "steps": steps_value,
    "callout": callout_value,
    "download": download_value,
}


def check_value(key, check):
    return {
        "title": check["title"],
        "intro": check["intro"],
        "pass_mark": check["pass_mark"],
        "questions": [
            stream_item("item", question_value(f"{key}/{index}", question), key, index)
            for index, question in enumerate(check["questions"])
        ],
    }


def question_value(key, question):
    return {
        "kind": question["kind"],
        "prompt": question["prompt"],
        "explanation": question["explanation"],
        "shuffle": question["shuffle"],
        "answers": [
            stream_item(
                "item",
                {"text": answer["text"], "correct": answer["correct"], "feedback": answer["feedback"]},
                key,
                index,
            )
            for index, answer in enumerate(question["answers"])
        ],
    }

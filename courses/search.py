"""Course search that finds German word forms and compound parts, and the same order on SQLite and PostgreSQL.

Every live course has its words stored as SearchTerm rows: the Snowball German stem of each word of its title,
tags, competences, summary, goals and audience, and of its live lessons' titles, introductions and bodies, with
the weight of the field it stands in. A query word matches a course's term when the stems are equal, when the
term starts with it ("Verschlüsselung" → "verschlüsselte") or holds it as a compound part ("Schutz" →
"Datenschutz"), or when it is a compound of two of the course's terms ("Datenschutzgrundverordnung"). A course
matches when it matches every query word; the rank is computed here in Python, so both databases order alike.
Queries are plain ORM lookups on an indexed column and scale to thousands of courses.
"""

import re
from functools import lru_cache

import snowballstemmer
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags
from rapidfuzz import fuzz, process
from wagtail.signals import page_unpublished

from .models import CourseCompetence, CoursePage, CourseTag, LessonPage, SearchTerm

# Weight of a word by the field it stands in: a title says more than a sentence in a lesson.
WEIGHTS = {"title": 10, "tag": 8, "competence": 6, "summary": 4, "goals": 2, "lesson_title": 3, "lesson": 1}
# How well a query word matches a term: the same stem, the start of a longer word, a part inside a compound.
EXACT, PREFIX, PART = 1.0, 0.7, 0.5
MIN_PREFIX, MIN_PART = 4, 5
MAX_QUERY_WORDS = 8
WORD = re.compile(r"\w+")
# Words that carry no meaning in a search; the Snowball project's German list, shortened to the common ones.
STOP_WORDS = frozenset(
    [
        "aber",
        "als",
        "am",
        "an",
        "auch",
        "auf",
        "aus",
        "bei",
        "bin",
        "bis",
        "da",
        "damit",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "dies",
        "du",
        "durch",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "er",
        "es",
        "für",
        "hat",
        "im",
        "in",
        "ist",
        "mit",
        "nach",
        "nicht",
        "noch",
        "nur",
        "oder",
        "sich",
        "sie",
        "sind",
        "so",
        "über",
        "um",
        "und",
        "uns",
        "vom",
        "von",
        "vor",
        "war",
        "wie",
        "wir",
        "zu",
        "zum",
        "zur",
    ]
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


def words(text):
    """The searchable words of a text, lower-cased, without stop words and single letters."""
    return [word for word in WORD.findall(text.lower()) if len(word) > 1 and word not in STOP_WORDS]


def stem(word):
    return _stemmer().stemWord(word.lower())[:64]


# Index -----------------------------------------------------------------------------------------------------------


def _course_texts(course, lessons):
    yield "title", course.title
    for tag in course.tags.all():
        yield "tag", tag.name
    for link in course.course_competences.all():
        yield "competence", f"{link.competence.code} {link.competence.title_de}"
    yield "summary", course.summary
    yield "goals", strip_tags(course.learning_goals or "")
    yield "goals", course.audience
    for lesson in lessons:
        yield "lesson_title", lesson.title
        yield "lesson", lesson.intro
        yield (
            "lesson",
            " ".join(map(strip_tags, lesson.body.stream_block.get_searchable_content(lesson.body))),
        )


def index_course(course, lessons=None):
    """Replace the stored terms of `course` (its in-memory state, lessons from the database unless given)."""
    if not course.live:
        SearchTerm.objects.filter(course_id=course.pk).delete()
        return
    if lessons is None:
        lessons = LessonPage.objects.live().child_of(course)
    terms = {}
    for field, text in _course_texts(course, lessons):
        for word in words(text or ""):
            term = stem(word)
            weight, seen, surface = terms.get(term, (0, 0, word))
            terms[term] = (max(weight, WEIGHTS[field]), seen + 1, surface)
    with transaction.atomic():
        SearchTerm.objects.filter(course_id=course.pk).delete()
        SearchTerm.objects.bulk_create(
            SearchTerm(course_id=course.pk, term=term, word=surface[:64], weight=weight + min(seen, 10) / 10)
            for term, (weight, seen, surface) in terms.items()
        )


# save_revision() and locking write only these fields of a live page; a draft's text is no live content.
BOOKKEEPING_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def _content_saved(update_fields):
    return not update_fields or bool(set(update_fields) - BOOKKEEPING_FIELDS)


def _on_course_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _content_saved(update_fields):
        index_course(instance)


def _course_of(lesson):
    return CoursePage.objects.filter(path=lesson.path[: -CoursePage.steplen]).first()


def _on_lesson_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """The course's terms with this lesson as it is in memory (its tags and text are saved after the row)."""
    if raw or not _content_saved(update_fields) or (course := _course_of(instance)) is None:
        return
    lessons = [lesson for lesson in LessonPage.objects.live().child_of(course) if lesson.pk != instance.pk]
    if instance.live:
        lessons = sorted([*lessons, instance], key=lambda lesson: lesson.path)
    index_course(course, lessons)


def _index_after_commit(**lookup):
    """Index the course found by `lookup` once the transaction commits, if it is still there.

    Deleting a course deletes its lessons, tags and competences and unpublishes it (Wagtail does that after
    Django collected the rows to delete with it): terms stored at once would outlive their course, a
    foreign-key error at commit."""

    def reindex():
        if (course := CoursePage.objects.filter(**lookup).first()) is not None:
            index_course(course)

    transaction.on_commit(reindex)


def _on_lesson_gone(sender, instance, **kwargs):
    _index_after_commit(path=instance.path[: -CoursePage.steplen])


def _course_part_course_id(instance):
    return getattr(instance, "course_id", None) or instance.content_object_id


def _on_course_part_saved(sender, instance, **kwargs):
    if (course := CoursePage.objects.filter(pk=_course_part_course_id(instance)).first()) is not None:
        index_course(course)


def _on_course_part_deleted(sender, instance, **kwargs):
    _index_after_commit(pk=_course_part_course_id(instance))


def _on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, CoursePage):
        _index_after_commit(path=instance.path)
    elif isinstance(instance, LessonPage):
        _index_after_commit(path=instance.path[: -CoursePage.steplen])


def connect_signals():
    """Keep the terms current: called once from CoursesConfig.ready()."""
    post_save.connect(_on_course_saved, sender=CoursePage, dispatch_uid="courses.search.course")
    post_save.connect(_on_lesson_saved, sender=LessonPage, dispatch_uid="courses.search.lesson")
    post_delete.connect(_on_lesson_gone, sender=LessonPage, dispatch_uid="courses.search.lesson_gone")
    page_unpublished.connect(_on_unpublished, dispatch_uid="courses.search.unpublished")
    for part in (CourseCompetence, CourseTag):
        post_save.connect(
            _on_course_part_saved, sender=part, dispatch_uid=f"courses.search.{part.__name__}.saved"
        )
        post_delete.connect(
            _on_course_part_deleted, sender=part, dispatch_uid=f"courses.search.{part.__name__}.deleted"
        )


def rebuild():
    """Index every course again (management command index_courses); returns how many are live."""
    courses = CoursePage.objects.all()
    for course in courses:
        index_course(course)
    return SearchTerm.objects.values("course").distinct().count()


# Query -----------------------------------------------------------------------------------------------------------


def _quality(query_stem, term):
    if term == query_stem:
        return EXACT
    if len(query_stem) >= MIN_PREFIX and term.startswith(query_stem):
        return PREFIX
    if len(query_stem) >= MIN_PART and query_stem in term:
        return PART
    return 0


def _compound_splits(query_stem):
    """(head, tail) pairs a compound query word may be made of: "datenschutzgrundverordn" → datenschutz + …"""
    for cut in range(MIN_PREFIX, len(query_stem) - MIN_PREFIX + 1):
        head, tail = query_stem[:cut], query_stem[cut:]
        yield head, stem(tail)
        if head.endswith("s") and len(head) > MIN_PREFIX:  # the linking s of "Verwaltungsakte"
            yield head[:-1], stem(tail)


def _matches(query_stem, course_ids):
    """{course_id: best weight × quality} for one query word, among `course_ids` (a queryset of ids)."""
    lookup = {"term": query_stem} if len(query_stem) < MIN_PREFIX else {"term__contains": query_stem}
    rows = SearchTerm.objects.filter(course_id__in=course_ids, **lookup).values_list(
        "course_id", "term", "weight"
    )
    best = {}
    for course_id, term, weight in rows:
        score = weight * _quality(query_stem, term)
        if score > best.get(course_id, 0):
            best[course_id] = score
    if best:
        return best
    # A compound of two terms a course has, both needed.
    splits = list(_compound_splits(query_stem))
    parts = {part for split in splits for part in split}
    rows = SearchTerm.objects.filter(course_id__in=course_ids, term__in=parts).values_list(
        "course_id", "term", "weight"
    )
    terms = {}
    for course_id, term, weight in rows:
        terms.setdefault(course_id, {})[term] = weight
    for course_id, found in terms.items():
        for head, tail in splits:
            if head in found and tail in found:
                best[course_id] = max(best.get(course_id, 0), (found[head] + found[tail]) * PART)
    return best


def query_words(query):
    return words(query)[:MAX_QUERY_WORDS]


def ranked_course_ids(query, courses):
    """Ids of `courses` (a queryset) matching every word of `query`, best first; ties by title."""
    scores = None
    course_ids = courses.values("pk")
    for word in query_words(query):
        found = _matches(stem(word), course_ids)
        scores = (
            found if scores is None else {pk: scores[pk] + found[pk] for pk in scores.keys() & found.keys()}
        )
        if not scores:
            return []
    if not scores:
        return []
    titles = dict(CoursePage.objects.filter(pk__in=scores).values_list("pk", "title"))
    return sorted(scores, key=lambda pk: (-round(scores[pk], 6), titles[pk].casefold(), pk))


def suggestion(query, courses):
    """A corrected query for "Meinten Sie …?" when some word finds nothing, or None."""
    vocabulary = None
    corrected, changed = [], False
    course_ids = courses.values("pk")
    for word in WORD.findall(query)[:MAX_QUERY_WORDS]:
        if len(word) < MIN_PREFIX or word.lower() in STOP_WORDS or _matches(stem(word), course_ids):
            corrected.append(word)
            continue
        if vocabulary is None:
            vocabulary = sorted(
                set(SearchTerm.objects.filter(course_id__in=course_ids).values_list("word", flat=True))
            )
        match = process.extractOne(word.lower(), vocabulary, scorer=fuzz.ratio, score_cutoff=75)
        if match is None:
            return None
        corrected.append(match[0].capitalize() if word[:1].isupper() else match[0])
        changed = True
    text = " ".join(corrected)
    if changed and ranked_course_ids(text, courses):
        return text
    return None

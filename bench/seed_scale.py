"""Seeds a PostgreSQL database at job-centre-federation scale for bench/scale.py (issue 15, point 4).

On top of `seed_demo` (demo pages, videos, accounts and the two mandatory trainings): 75,000 staff in 400 org
units, 300 courses with 3,000 lessons (real Wagtail pages), 500,000 enrolments, 2,000,000 lesson progress rows,
certificates, four mandatory trainings with every person's cycles, 900 Lotsen with 20,000 coachings, their
sessions and help requests, and the access log of two years. The big tables are written with PostgreSQL's COPY
(psycopg's copy API); pages get their treebeard paths computed here, so no page is added one by one.

The data is what the project's own code would have left behind: cycles come from `learning.requirements`'
functions replayed per person up to last night (so tonight's `sync_all` has only tonight's renewals to do),
and personal data past its retention period is gone (as if the nightly purge had run), but for one day's worth.

Usage (the database must be empty, or seeded by this script before; nothing else is touched):

    DATABASE_URL=postgres://... .venv/bin/python bench/seed_scale.py

It runs with `bench.settings` (the embedded default's settings with DEBUG off, which allow `seed_demo`) unless
DJANGO_SETTINGS_MODULE says otherwise, and prints the time of each step. Run twice, the second run sees the
marker on the database and does nothing.
"""

import datetime
import functools
import itertools
import json
import os
import random
import secrets
import sys
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from courses import search  # noqa: E402
from courses.models import (  # noqa: E402
    CatalogPage,
    Competence,
    CourseCompetence,
    CoursePage,
    CourseTag,
    LessonPage,
    ProgrammePage,
)
from learning import requirements, roles  # noqa: E402
from learning.demo import DEMO_PASSWORD  # noqa: E402
from learning.models import (  # noqa: E402
    AccessLogEntry,
    AccountDeactivation,
    Certificate,
    Enrolment,
    Exemption,
    LessonProgress,
    OrgUnit,
    QuizAttempt,
    RequirementCycle,
    StaffProfile,
    TrainingRequirement,
)
from learning.models.privacy import pseudonym  # noqa: E402
from lotsen.models import (  # noqa: E402
    FREE_TOPICS,
    Coaching,
    CoachingSession,
    HelpRequest,
    Lotse,
    LotseMembership,
    LotseTag,
    MeetingFormat,
    PrivateNote,
)

MARKER = "lernhafen-scale-seed"
STAFF = 75_000
ORG_UNITS = 400
COURSES = 300
LESSONS = 3_000
ENROLMENTS = 500_000
PROGRESS_ROWS = 2_000_000
LOTSEN = 900
LOTSEN_INACTIVE = 30
COACHINGS = 20_000
OPEN_COACHINGS = 7_000
HELP_REQUESTS = 30_000
GROUP_SESSIONS = 6_000
ACCESS_LOG = 400_000
INACTIVE_ACCOUNTS = 600
HEAVY_LEARNERS = 250  # people with 40 courses
MAX_COURSES = 40

# Accounts the benchmark signs in as (password: the demo password).
MANY_COURSES_USER = "vielkurse"
LOTSE_USER = "lotse50"
LOTSE_COACHINGS = 50
HEARTBEAT_USERS = [f"herzschlag{n:02d}" for n in range(1, 17)]

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elena",
    "Felix",
    "Gül",
    "Hannah",
    "Ivan",
    "Julia",
    "Karim",
    "Laura",
    "Mehmet",
    "Nina",
    "Oliver",
    "Paula",
    "Quentin",
    "Rosa",
    "Sven",
    "Tanja",
    "Ugur",
    "Vera",
    "Wolfgang",
    "Xenia",
    "Yusuf",
    "Zoe",
    "Andreas",
    "Birgit",
    "Christian",
    "Daniela",
    "Emre",
    "Frieda",
    "Georg",
    "Heike",
    "Ilse",
    "Jan",
    "Katharina",
    "Lukas",
    "Marie",
    "Niklas",
    "Olga",
    "Peter",
    "Ramona",
    "Stefan",
    "Thomas",
    "Ulrike",
    "Volker",
    "Yasemin",
    "Aylin",
    "Jonas",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Kowalski",
    "Nowak",
    "Popescu",
    "Ivanova",
]
CITIES = [
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Mitte",
    "Hafen",
    "Altstadt",
    "Neustadt",
    "Bergheim",
    "Talstadt",
    "Seeufer",
    "Waldrand",
    "Flussau",
    "Heide",
    "Marktplatz",
    "Bahnhof",
    "Schlossberg",
    "Kirchdorf",
    "Wiesental",
]
TEAM_KINDS = [
    "Leistungsteam",
    "Arbeitsvermittlung",
    "Fallmanagement",
    "Eingangszone",
    "Team U25",
    "Reha und Schwerbehinderte",
    "Arbeitgeberservice",
    "Widerspruchsstelle",
]
TOPICS = [
    ("E-Akte", "E-Akte"),
    ("Microsoft Teams", "Microsoft Teams"),
    ("Videoberatung", "Videoberatung"),
    ("Datenschutz im Kundenkontakt", "Datenschutz"),
    ("Barrierefreie Dokumente", "Barrierefreie Dokumente"),
    ("Tabellenkalkulation", "Excel"),
    ("Fachverfahren ALLEGRO", "Fachverfahren"),
    ("Fachverfahren VerBIS", "Fachverfahren"),
    ("Leistungsrecht SGB II", "SGB II"),
    ("Kooperationsplan", "Kooperationsplan"),
    ("Gesprächsführung", "Kommunikation"),
    ("Deeskalation im Kundenkontakt", "Kundenkontakt"),
    ("Informationssicherheit", "Informationssicherheit"),
    ("KI-Werkzeuge im Büro", "Künstliche Intelligenz"),
    ("Onlinezugangsgesetz", "Online-Antrag"),
    ("Bürgergeld online", "Bürgergeld"),
    ("Verschlüsselte E-Mail", "Verschlüsselung"),
    ("Digitales Postfach", "Online-Postfach"),
    ("Zeitmanagement digital", "Zusammenarbeit"),
    ("Sozialdatenschutz SGB X", "Sozialdaten"),
    ("Widerspruchsverfahren", "SGB X"),
    ("Arbeitgeberservice digital", "Arbeitgeberservice"),
    ("Digitale Barrierefreiheit", "Barrierefreiheit"),
    ("Passwörter und Zwei-Faktor-Anmeldung", "Informationssicherheit"),
    ("Scannen und Dokumenten-Upload", "Dokumente"),
]
LEVELS = [
    "Grundlagen",
    "Aufbau",
    "Vertiefung",
    "für Führungskräfte",
    "Praxiswerkstatt",
    "kompakt",
    "Update 2026",
    "für Einsteigende",
    "Fallbeispiele",
    "Selbstlernkurs",
    "Expertenwissen",
    "Auffrischung",
]
LESSON_PHRASES = [
    "Überblick",
    "Die wichtigsten Begriffe",
    "Schritt für Schritt",
    "Typische Fehler vermeiden",
    "Ein Fall aus der Praxis",
    "Rechtliche Grundlagen",
    "Tipps für den Alltag",
    "Checkliste",
    "Häufige Fragen",
    "Zusammenfassung",
    "Übung",
    "Werkzeuge im Vergleich",
    "Zusammenarbeit im Team",
    "Datenschutz beachten",
    "Barrierefrei arbeiten",
]
# The mandatory trainings beyond the demo's two (Datenschutz, calendar year; Phishing, rolling 12 months).
EXTRA_REQUIREMENTS = {
    "rechtsaenderungen": {
        "name": "Leistungsrecht SGB II: Rechtsänderungen (alle 24 Monate)",
        "all_staff": False,
        "interval_months": 24,
        "window": TrainingRequirement.Window.ROLLING,
        "first_due_days": 60,
        "renewal_days": 60,
        "grace_days": 14,
        "legal_basis": "Fachliche Weisungen zu §§ 7 ff. SGB II",
    },
    "einfuehrung": {
        "name": "Einführung für neue Beschäftigte",
        "all_staff": False,
        "interval_months": None,
        "new_staff_days": 60,
        "first_due_days": 30,
        "grace_days": 7,
        "legal_basis": "Dienstvereinbarung Einarbeitung",
    },
}
# Org units (areas, with their teams) that the Rechtsänderungen requirement applies to.
RECHTSAENDERUNGEN_AREAS = 4

rng = random.Random(15)


def log(message):
    print(message, flush=True)


@contextmanager
def step(name):
    started = time.monotonic()
    log(f"… {name}")
    yield
    log(f"   {name}: {time.monotonic() - started:.1f} s")
    TIMINGS[name] = round(time.monotonic() - started, 1)


TIMINGS = {}


# Writing ---------------------------------------------------------------------------------------------------------


class Ids:
    """Hands out primary keys above what the table holds; sequences are reset at the end."""

    def __init__(self):
        self.next = {}

    def take(self, model, count=1):
        table = model._meta.db_table
        if table not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
                self.next[table] = cursor.fetchone()[0] + 1
        first = self.next[table]
        self.next[table] += count
        return range(first, first + count)


IDS = Ids()
LOCALE = None


def _default(field, now):
    if isinstance(field, models.JSONField):
        return json.dumps(field.get_default())
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def copy(model, attnames, rows, now=None):
    """COPY `rows` (tuples in the order of `attnames`) into the table of `model` (its own columns only, so a
    page type's table gets `page_ptr_id` and its fields). Columns not named get their model default.
    Returns the number of rows."""
    now = now or timezone.now()
    fields = model._meta.local_concrete_fields
    by_attname = {field.attname: field for field in fields}
    missing = [name for name in attnames if name not in by_attname]
    if missing:
        raise ValueError(f"{model.__name__} has no columns {missing}")
    rest = [field for field in fields if field.attname not in attnames]
    rest_values = tuple(_default(field, now) for field in rest)
    columns = [by_attname[name].column for name in attnames] + [field.column for field in rest]
    sql = 'COPY "{}" ({}) FROM STDIN'.format(
        model._meta.db_table, ", ".join(f'"{column}"' for column in columns)
    )
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if superuser():
            # No foreign-key trigger per row: check_foreign_keys() checks every copied table at the end.
            cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.cursor.copy(sql) as writer:
            for row in rows:
                writer.write_row((*row, *rest_values))
                count += 1
    COPIED.add(model)
    return count


COPIED = set()


@functools.cache
def superuser():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


def check_foreign_keys():
    """Every foreign key of the copied tables points at a row (one anti-join per key, as the triggers would)."""
    broken = []
    with connection.cursor() as cursor:
        for model in COPIED:
            for field in model._meta.local_concrete_fields:
                if not field.is_relation:
                    continue
                target = field.target_field
                cursor.execute(
                    f'SELECT count(*) FROM "{model._meta.db_table}" c LEFT JOIN "{target.model._meta.db_table}" p '
                    f'ON p."{target.column}" = c."{field.column}" '
                    f'WHERE c."{field.column}" IS NOT NULL AND p."{target.column}" IS NULL'
                )
                if missing := cursor.fetchone()[0]:
                    broken.append(f"{model._meta.db_table}.{field.column}: {missing}")
    if broken:
        raise SystemExit(f"Rows pointing nowhere: {', '.join(broken)}")


def reset_sequences():
    app_models = [
        model
        for model in django.apps.apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), app_models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def marker():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0] or ""


def set_marker(text):
    with connection.cursor() as cursor:
        cursor.execute(
            f"COMMENT ON DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} IS %s", [text]
        )


def table_count():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


# Dates -----------------------------------------------------------------------------------------------------------


NOW = timezone.now()
TODAY = timezone.localdate(NOW)
# State as of last night's run of the nightly tasks: tonight's run (the benchmark) has one day's work.
LAST_NIGHT = TODAY - datetime.timedelta(days=1)


def at(day, hour=None):
    hour = rng.randint(8, 16) if hour is None else hour
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59)))


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def between(start, end):
    """A random moment in [start, end) (datetimes)."""
    span = (end - start).total_seconds()
    return start + datetime.timedelta(seconds=rng.random() * max(span, 1))


# Org units and staff ---------------------------------------------------------------------------------------------


def seed_org_units():
    existing = OrgUnit.objects.count()
    areas_needed = 19
    teams_needed = ORG_UNITS - existing - areas_needed
    area_ids = list(IDS.take(OrgUnit, areas_needed))
    rows, teams = [], []
    for index, area_id in enumerate(area_ids):
        rows.append((area_id, f"Geschäftsstelle {CITIES[index]}", f"GS {index + 1:02d}", None))
    team_ids = iter(IDS.take(OrgUnit, teams_needed))
    per_area = [
        teams_needed // areas_needed + (1 if i < teams_needed % areas_needed else 0)
        for i in range(areas_needed)
    ]
    for area_index, (area_id, count) in enumerate(zip(area_ids, per_area, strict=True)):
        for number in range(count):
            kind = TEAM_KINDS[number % len(TEAM_KINDS)]
            team_id = next(team_ids)
            rows.append(
                (
                    team_id,
                    f"{kind} {number // len(TEAM_KINDS) + 1}",
                    f"{area_index + 1:02d}-{number + 1:02d}",
                    area_id,
                )
            )
            teams.append((team_id, area_id))
    copy(OrgUnit, ["id", "name", "short_name", "parent_id"], rows)
    return area_ids, teams


def seed_staff(teams, areas):
    """75,000 accounts with staff profiles; the bench accounts among them. Returns a list of person dicts."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    user_ids = list(IDS.take(User, STAFF))
    profile_ids = iter(IDS.take(StaffProfile, STAFF))
    # Team sizes vary a lot (a small special team of 30, a big Leistungsteam of 500).
    cumulative = list(itertools.accumulate(rng.lognormvariate(0, 0.7) for _team in teams))
    special = set(HEARTBEAT_USERS) | {MANY_COURSES_USER, LOTSE_USER}
    names = [MANY_COURSES_USER, LOTSE_USER, *HEARTBEAT_USERS]
    people = []
    inactive = set(rng.sample(range(len(names), STAFF), INACTIVE_ACCOUNTS))
    bass = set(rng.sample(range(len(names), STAFF), 1_500))
    for index, user_id in enumerate(user_ids):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = names[index] if index < len(names) else f"ma{index:06d}"
        unit = rng.choice(areas) if rng.random() < 0.01 else rng.choices(teams, cum_weights=cumulative)[0][0]
        roll = rng.random()
        if username in special:
            entry = datetime.date(2015, 4, 1)
        elif roll < 0.045:  # entered since the new-staff requirement began (1 January last year)
            entry = datetime.date(TODAY.year - 1, 1, 1) + datetime.timedelta(
                days=rng.randint(0, (TODAY - datetime.date(TODAY.year - 1, 1, 1)).days)
            )
        else:
            entry = datetime.date(1990, 1, 1) + datetime.timedelta(
                days=rng.randint(0, (datetime.date(TODAY.year - 2, 12, 31) - datetime.date(1990, 1, 1)).days)
            )
        people.append(
            {
                "id": user_id,
                "username": username,
                "first": first,
                "last": last,
                "unit": unit,
                "entry": entry,
                "active": index not in inactive,
                "bass": index in bass,
                "profile": next(profile_ids),
            }
        )
    copy(
        User,
        ["id", "password", "username", "first_name", "last_name", "email", "is_active", "date_joined"],
        (
            (
                p["id"],
                password,
                p["username"],
                p["first"],
                p["last"],
                f"{p['username']}@jobcenter.example",
                p["active"],
                at(p["entry"]),
            )
            for p in people
        ),
    )
    copy(
        StaffProfile,
        ["id", "user_id", "org_unit_id", "entry_date", "bass_cohort"],
        (
            (
                p["profile"],
                p["id"],
                p["unit"],
                p["entry"],
                (TODAY.year - rng.randint(0, 2)) if p["bass"] else None,
            )
            for p in people
        ),
    )
    groups = dict(Group.objects.values_list("name", "pk"))
    through = User.groups.through
    memberships = [(p["id"], groups[roles.LEARNERS]) for p in people]
    memberships += [(p["id"], groups[roles.BASS_STUDENTS]) for p in people if p["bass"]]
    membership_ids = iter(IDS.take(through, len(memberships)))
    copy(through, ["id", "user_id", "group_id"], ((next(membership_ids), *row) for row in memberships))
    deactivations = [p for p in people if not p["active"]]
    deactivation_ids = iter(IDS.take(AccountDeactivation, len(deactivations)))
    # Six months' retention: the nightly purge has deleted older ones, but for tonight's few.
    copy(
        AccountDeactivation,
        ["id", "user_id", "deactivated_at"],
        ((next(deactivation_ids), p["id"], at(days_ago(rng.randint(1, 184)))) for p in deactivations),
    )
    return people


# Pages -----------------------------------------------------------------------------------------------------------


def _lesson_templates():
    """Bodies of the demo's lessons by completion rule (with the check id of a knowledge check)."""
    templates = defaultdict(list)
    for lesson in LessonPage.objects.all().order_by("path"):
        raw = list(lesson.body.raw_data)
        check_id = next((item["id"] for item in raw if item["type"] == "knowledge_check"), None)
        video = next((item["value"]["video"] for item in raw if item["type"] == "video"), None)
        templates[lesson.completion_rule].append(
            {"body": json.dumps(raw), "check_id": check_id, "video": video}
        )
    return templates


def seed_pages():
    """The catalogue grows to 300 courses with 3,000 lessons: Page rows with computed tree paths, then the
    rows of the page types' own tables, then numchild and the search terms."""
    global LOCALE
    catalog = CatalogPage.objects.get()
    LOCALE = catalog.locale_id
    existing_courses = list(CoursePage.objects.child_of(catalog).order_by("path"))
    existing_lessons = LessonPage.objects.count()
    new_courses = COURSES - len(existing_courses)
    new_lessons = LESSONS - existing_lessons
    programmes = {p.slug: p.pk for p in ProgrammePage.objects.all()}
    templates = _lesson_templates()
    course_type = ContentType.objects.get_for_model(CoursePage).pk
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk
    # Lessons per course: 3 to 20, about ten on average, summing to exactly what is needed.
    counts = [rng.randint(3, 18) for _ in range(new_courses)]
    while sum(counts) != new_lessons:
        index = rng.randrange(new_courses)
        if sum(counts) < new_lessons and counts[index] < 20:
            counts[index] += 1
        elif sum(counts) > new_lessons and counts[index] > 3:
            counts[index] -= 1
    titles = set(CoursePage.objects.values_list("title", flat=True))
    combos = [(topic, level) for topic in TOPICS for level in LEVELS]
    rng.shuffle(combos)
    page_ids = iter(IDS.take(_page_model(), new_courses + new_lessons))
    page_rows, course_rows, lesson_rows = [], [], []
    courses = []
    published = at(days_ago(400), 9)
    next_step = catalog.numchild + 1
    for number, lesson_count in enumerate(counts):
        (topic, tag), level = combos[number]
        title = f"{topic}: {level}"
        assert title not in titles
        titles.add(title)
        slug = f"kurs-{number + 1:03d}-{search.stem(topic.split()[0])}"[:80]
        course_id = next(page_ids)
        path = CoursePage._get_path(catalog.path, catalog.depth + 1, next_step + number)
        url_path = f"{catalog.url_path}{slug}/"
        page_rows.append(
            _page_row(
                course_id,
                path,
                catalog.depth + 1,
                lesson_count,
                title,
                slug,
                url_path,
                course_type,
                published,
            )
        )
        programme = (
            programmes["pflichtschulungen"] if level == "Update 2026" else programmes["inhouse-schulungen"]
        )
        validity = rng.choice([None, None, 12, 24, 36])
        course_rows.append(
            (
                course_id,
                "Alle Beschäftigten im Jobcenter",
                f"{topic} – {level}: was Sie im Arbeitsalltag brauchen, mit Beispielen aus dem Jobcenter.",
                f"<ul><li>{topic} sicher anwenden</li><li>{level}</li></ul>",
                lesson_count * 10,
                programme,
                rng.random() < 0.9,
                validity,
            )
        )
        course = {
            "id": course_id,
            "path": path,
            "title": title,
            "tag": tag,
            "lessons": [],
            "validity": validity,
            "certificate": course_rows[-1][6],
        }
        for position in range(lesson_count):
            rule = rng.choices(["video", "read", "quiz"], [0.45, 0.35, 0.2])[0]
            template = rng.choice(templates[rule])
            lesson_id = next(page_ids)
            lesson_slug = f"lektion-{position + 1:02d}"
            lesson_title = f"{position + 1}. {LESSON_PHRASES[(number + position) % len(LESSON_PHRASES)]}"
            page_rows.append(
                _page_row(
                    lesson_id,
                    LessonPage._get_path(path, catalog.depth + 2, position + 1),
                    catalog.depth + 2,
                    0,
                    lesson_title,
                    lesson_slug,
                    f"{url_path}{lesson_slug}/",
                    lesson_type,
                    published,
                )
            )
            lesson_rows.append(
                (lesson_id, f"{topic}: {lesson_title.split(' ', 1)[1]}.", template["body"], 10, rule, True)
            )
            course["lessons"].append(
                {"id": lesson_id, "rule": rule, "check_id": template["check_id"], "video": template["video"]}
            )
        courses.append(course)
    copy(
        _page_model(),
        [
            "id",
            "path",
            "depth",
            "numchild",
            "translation_key",
            "locale_id",
            "live",
            "has_unpublished_changes",
            "first_published_at",
            "last_published_at",
            "title",
            "draft_title",
            "slug",
            "content_type_id",
            "url_path",
        ],
        page_rows,
    )
    copy(
        CoursePage,
        [
            "page_ptr_id",
            "audience",
            "summary",
            "learning_goals",
            "estimated_minutes",
            "programme_id",
            "certificate_enabled",
            "certificate_validity_months",
        ],
        course_rows,
    )
    copy(
        LessonPage,
        ["page_ptr_id", "intro", "body", "estimated_minutes", "completion_rule", "required"],
        lesson_rows,
    )
    _page_model().objects.filter(pk=catalog.pk).update(numchild=catalog.numchild + new_courses)
    _course_tags_and_competences(courses)
    # The demo's courses, in the same shape, so enrolments can use them too.
    demo = []
    for course in existing_courses:
        lessons = [
            {
                "id": lesson.pk,
                "rule": lesson.completion_rule,
                "check_id": getattr(lesson.knowledge_check, "id", None),
                "video": getattr(lesson.video, "pk", None),
            }
            for lesson in LessonPage.objects.child_of(course).order_by("path")
        ]
        demo.append(
            {
                "id": course.pk,
                "path": course.path,
                "title": course.title,
                "slug": course.slug,
                "lessons": lessons,
                "validity": course.certificate_validity_months,
                "certificate": course.certificate_enabled,
                "placeholder": course.placeholder,
                "bass": course.programme_id == programmes.get("bass-studium"),
            }
        )
    return demo + courses


def _page_model():
    from wagtail.models import Page

    return Page


def _page_row(page_id, path, depth, numchild, title, slug, url_path, content_type, published):
    return (
        page_id,
        path,
        depth,
        numchild,
        uuid.uuid4(),
        LOCALE,
        True,
        False,
        published,
        published,
        title,
        title,
        slug,
        content_type,
        url_path,
    )


def _course_tags_and_competences(courses):
    from taggit.models import Tag

    tags = dict(Tag.objects.values_list("name", "pk"))
    missing = sorted({course["tag"] for course in courses} - set(tags))
    tag_ids = iter(IDS.take(Tag, len(missing)))
    copy(
        Tag,
        ["id", "name", "slug"],
        ((next(tag_ids), name, name.lower().replace(" ", "-")) for name in missing),
    )
    tags = dict(Tag.objects.values_list("name", "pk"))
    extra = [tags[name] for name in ("Grundlagen", "Digitale Kompetenzen", "Kundenkontakt", "Zusammenarbeit")]
    rows = []
    for course in courses:
        chosen = {tags[course["tag"]], rng.choice(extra)}
        rows += [(course["id"], tag) for tag in chosen]
    ids = iter(IDS.take(CourseTag, len(rows)))
    copy(CourseTag, ["id", "content_object_id", "tag_id"], ((next(ids), *row) for row in rows))
    competences = list(Competence.objects.exclude(area_code="").values_list("pk", flat=True))
    rows = []
    for course in courses:
        for order, competence in enumerate(rng.sample(competences, rng.randint(1, 3))):
            rows.append((course["id"], competence, rng.randint(2, 6), order))
    ids = iter(IDS.take(CourseCompetence, len(rows)))
    copy(
        CourseCompetence,
        ["id", "course_id", "competence_id", "target_level", "sort_order"],
        ((next(ids), *row) for row in rows),
    )


def index_search_terms(course_ids):
    """The catalogue's search terms of the new courses (courses.search, as publishing would write them)."""
    courses = CoursePage.objects.filter(pk__in=course_ids).prefetch_related(
        "tags", "course_competences__competence"
    )
    lessons = defaultdict(list)
    for lesson in LessonPage.objects.live().filter(depth=courses[0].depth + 1).order_by("path"):
        lessons[lesson.path[: -LessonPage.steplen]].append(lesson)
    for course in courses:
        search.index_course(course, lessons[course.path])


# Requirements and the learner record ------------------------------------------------------------------------------


def seed_requirements(courses, areas):
    """The demo's two requirements stay; two more: one for four areas (org units with their teams), one for
    new staff. Their courses are generated ones."""
    by_title = {c["title"]: c for c in courses}
    generated = [c for c in courses if "slug" not in c]
    law = next(c for c in generated if c["title"].startswith("Leistungsrecht SGB II"))
    intro = next(c for c in generated if c["title"].startswith("Gesprächsführung"))
    created = {}
    starts = datetime.date(TODAY.year - 1, 1, 1)
    for key, course in (("rechtsaenderungen", law), ("einfuehrung", intro)):
        created[key] = TrainingRequirement.objects.create(
            course_id=course["id"], starts_on=starts, **EXTRA_REQUIREMENTS[key]
        )
    created["rechtsaenderungen"].org_units.set(areas[:RECHTSAENDERUNGEN_AREAS])
    demo = {
        r.course_id: r for r in TrainingRequirement.objects.exclude(pk__in=[r.pk for r in created.values()])
    }
    del by_title
    return [*demo.values(), *created.values()]


class Record:
    """Everything seeded for the learner record, collected in memory and then written table by table."""

    def __init__(self, courses):
        self.courses = {c["id"]: c for c in courses}
        self.enrolments = []  # [id, user, course, source, enrolled_at, completed_at]
        self.enrolment_of = {}
        self.progress = []  # rows of LessonProgress
        self.certificates = []
        self.cycles = []
        self.exemptions = []
        self.quiz = []
        self.plans = []  # voluntary in-progress enrolments: [enrolment, lessons done, partial]
        self.names = {}  # user id: the name on certificates

    def enrol(self, user_id, course_id, source, enrolled_at):
        key = (user_id, course_id)
        if key in self.enrolment_of:
            return self.enrolment_of[key]
        row = [None, user_id, course_id, source, enrolled_at, None]
        self.enrolments.append(row)
        self.enrolment_of[key] = row
        return row

    def complete(self, enrolment, done_at):
        """The enrolment completed at `done_at`, with a certificate if the course has them."""
        course = self.courses[enrolment[2]]
        enrolment[5] = done_at
        if course["certificate"]:
            valid = None
            if course["validity"]:
                valid = _add_months(timezone.localdate(done_at), course["validity"])
            self.certificates.append((enrolment, done_at, valid, course["title"]))
        return course


def _add_months(day, months):
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


def lesson_rows(record, user_id, course, done_at, done_count=None, partial=False, reset=False):
    """LessonProgress rows of one person in one course: `done_count` lessons completed (all by default) at
    about `done_at`, then maybe one video lesson half watched; `reset` rows are those a reopening emptied."""
    lessons = course["lessons"]
    done_count = len(lessons) if done_count is None else done_count
    recent = done_at is not None and (NOW - done_at).days < 91
    for position, lesson in enumerate(lessons):
        if reset:
            record.progress.append((user_id, lesson["id"], "[]", 0.0, 0.0, None, done_at, None, 0.0))
            continue
        if position < done_count:
            when = done_at - datetime.timedelta(minutes=10 * (done_count - position))
            video = lesson["rule"] == "video"
            # Course completed more than 90 days ago: retention has emptied the details (progress_detail).
            keep = video and (recent or partial or done_count < len(lessons))
            record.progress.append(
                (
                    user_id,
                    lesson["id"],
                    "[[0.0, 20.0]]" if keep else "[]",
                    20.0 if keep else 0.0,
                    1.0 if video else 0.0,
                    when,
                    when,
                    when if keep else None,
                    0.0,
                )
            )
            if lesson["rule"] == "quiz" and (NOW - when).days < 365:
                record.quiz.append((user_id, lesson["id"], lesson["check_id"] or "check", when))
        elif partial and lesson["rule"] == "video":
            seconds = round(rng.uniform(3, 15), 1)
            when = done_at
            record.progress.append(
                (
                    user_id,
                    lesson["id"],
                    json.dumps([[0.0, seconds]]),
                    seconds,
                    seconds / 20,
                    None,
                    when,
                    when,
                    0.0,
                )
            )
            return
        else:
            return


def simulate(requirement, person, completions):
    """The cycles one person has of `requirement` after the nightly syncs up to last night, replayed with
    `learning.requirements`' own functions. `completions`: sorted datetimes at which the person completed the
    course, each while a cycle was open. Returns (cycles, the enrolment's completion or None, reopened)."""
    joined = max(requirement.starts_on, person["entry"])
    cycle = requirements.first_cycle(requirement, person["id"], person["entry"], joined)
    cycle.created_at = at(joined, 1)
    cycles = [cycle]
    completed, reopened = None, False

    def renew_until(day):
        nonlocal cycle, completed, reopened
        while cycle.done_at is not None:
            opens = requirements.renews_on(requirement, cycle)
            if opens is None or opens > day:
                return
            cycle = requirements.next_cycle(requirement, cycle, opens)
            cycle.created_at = at(opens, 1)
            cycles[-1].superseded_at = cycle.created_at  # as learning.requirements._create does
            cycles.append(cycle)
            if (
                completed is not None
                and cycle.counts_from is not None
                and timezone.localdate(completed) < cycle.counts_from
            ):
                completed, reopened = None, True

    for done_at in completions:
        renew_until(timezone.localdate(done_at))
        if cycle.done_at is None and (
            cycle.counts_from is None or timezone.localdate(done_at) >= cycle.counts_from
        ):
            cycle.done_at = done_at
            cycle.valid_until = requirements.valid_until(requirement, done_at)
            completed, reopened = done_at, False
    if person["active"]:
        renew_until(LAST_NIGHT)
    else:  # the nightly sync after the deactivation ended the current cycle
        left = timezone.localdate(person["deactivated_at"])
        renew_until(left)
        cycle.ended_at = at(left + datetime.timedelta(days=1), 1)
    return cycles, completed, reopened


def completions_for(requirement, person):
    """When a person completed a requirement's course: most are up to date, some late, some never."""
    joined = max(requirement.starts_on, person["entry"])
    window = requirement.window
    roll = rng.random()
    if requirement.interval_months is None:  # once: most new staff do it within their 60 days
        if roll < 0.8 and joined < TODAY:
            return [at(min(joined + datetime.timedelta(days=rng.randint(3, 75)), LAST_NIGHT))]
        return []
    if window == TrainingRequirement.Window.CALENDAR_YEAR:
        result = []
        for year in range(joined.year, TODAY.year + 1):
            start = max(joined, datetime.date(year, 1, 1))
            end = min(datetime.date(year, 12, 31), LAST_NIGHT)
            if end < start:
                continue
            share = 0.93 if year < TODAY.year else 0.8
            if rng.random() < share:
                result.append(at(start + datetime.timedelta(days=rng.randint(0, (end - start).days))))
        return result
    # Rolling: a completion every interval, a few weeks before the cycle was due; the last one at some point
    # within the last interval (86 % up to date, the rest late or missing).
    months = requirement.interval_months
    if roll > 0.95:
        return []
    span = (LAST_NIGHT - joined).days
    if span <= 0:
        return []
    last = LAST_NIGHT - datetime.timedelta(days=rng.randint(0, min(span, months * 30 + 40)))
    dates = [last]
    while True:
        earlier = dates[-1] - datetime.timedelta(days=months * 30 + rng.randint(-20, 5))
        if earlier < joined + datetime.timedelta(days=5):
            break
        dates.append(earlier)
    return [at(day) for day in reversed(dates)]


def in_audience(requirement, person, unit_subtree):
    if requirement.all_staff:
        return True
    if requirement.new_staff_days:
        return person["entry"] >= requirement.starts_on
    return person["unit"] in unit_subtree


def seed_mandatory(record, requirement_list, people):
    """Cycles, enrolments, progress and certificates of the mandatory trainings, per person."""
    stats = defaultdict(int)
    for requirement in requirement_list:
        subtree = requirements.subtree_ids(requirement.org_units.values_list("pk", flat=True))
        course = record.courses[requirement.course_id]
        for person in people:
            if not in_audience(requirement, person, subtree):
                continue
            completions = completions_for(requirement, person)
            if not person["active"]:
                completions = [c for c in completions if c < person["deactivated_at"]]
            cycles, completed, reopened = simulate(requirement, person, completions)
            record.cycles += cycles
            joined = max(requirement.starts_on, person["entry"])
            enrolment = record.enrol(person["id"], course["id"], Enrolment.Source.REQUIREMENT, at(joined, 1))
            for done_at in completions:
                record.complete(enrolment, done_at)
            enrolment[5] = completed
            if completed is not None:
                lesson_rows(record, person["id"], course, completed)
            elif reopened:
                lesson_rows(record, person["id"], course, at(cycles[-1].opens_on, 1), reset=True)
            elif rng.random() < 0.3:
                lesson_rows(
                    record,
                    person["id"],
                    course,
                    between(at(joined, 1), NOW - datetime.timedelta(hours=2)),
                    done_count=rng.randint(0, len(course["lessons"]) - 1),
                    partial=True,
                )
            if person["active"] and rng.random() < 0.004:
                record.exemptions.append(
                    (
                        requirement.pk,
                        person["id"],
                        rng.choice(["Elternzeit", "Sonderurlaub", "Langzeiterkrankung"]),
                        TODAY + datetime.timedelta(days=rng.randint(20, 300)),
                    )
                )
            stats[requirement.name] += 1
    return stats


def seed_voluntary(record, courses, people, target):
    """Voluntary enrolments up to `target` in all: a long tail (most people a few courses, some 40)."""
    mandatory = {r.course_id for r in TrainingRequirement.objects.all()}
    open_courses = [
        c for c in courses if c["id"] not in mandatory and not c.get("bass") and not c.get("placeholder")
    ]
    bass_courses = [c for c in courses if c.get("bass")]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(open_courses))]
    rng.shuffle(open_courses)
    pool = [c for c, w in zip(open_courses, weights, strict=True) for _ in range(1 + round(w * 400))]
    taken = defaultdict(int)
    for row in record.enrolments:
        taken[row[1]] += 1
    heavy = {p["id"] for p in people[: 1 + len(HEARTBEAT_USERS) + 1]}  # the bench accounts
    heavy.discard(next(p["id"] for p in people if p["username"] == LOTSE_USER))
    heavy |= {p["id"] for p in rng.sample(people[20:], HEAVY_LEARNERS)}
    budget = target - len(record.enrolments)
    wanted = {}
    regular = [p for p in people if p["id"] not in heavy]
    for p in people:
        if p["id"] in heavy and p["username"] not in HEARTBEAT_USERS:
            wanted[p["id"]] = MAX_COURSES - taken[p["id"]]
    heartbeat_ids = {p["id"] for p in people if p["username"] in HEARTBEAT_USERS}
    for user_id in heartbeat_ids:
        wanted[user_id] = 6
    left = budget - sum(wanted.values())
    draws = [rng.expovariate(1) ** 1.6 for _ in regular]
    scale = left / sum(draws)
    for p, draw in zip(regular, draws, strict=True):
        wanted[p["id"]] = min(MAX_COURSES - taken[p["id"]], int(draw * scale))
    missing = left - sum(wanted[p["id"]] for p in regular)
    while missing > 0:
        p = rng.choice(regular)
        if wanted[p["id"]] < MAX_COURSES - taken[p["id"]]:
            wanted[p["id"]] += 1
            missing -= 1
    by_id = {p["id"]: p for p in people}
    video_course = next(
        c for c in open_courses if sum(lesson["rule"] == "video" for lesson in c["lessons"]) >= 2
    )
    for user_id, count in wanted.items():
        person = by_id[user_id]
        chosen = {}
        if user_id in heartbeat_ids:
            chosen[video_course["id"]] = video_course
        source = bass_courses * 200 + pool if person["bass"] else pool
        while len(chosen) < count:
            course = source[int(rng.random() * len(source))]
            if (user_id, course["id"]) not in record.enrolment_of:
                chosen[course["id"]] = course
        start = at(max(person["entry"], days_ago(3 * 365)), 9)
        for course in chosen.values():
            enrolled = between(start, NOW - datetime.timedelta(days=1))
            enrolment = record.enrol(user_id, course["id"], Enrolment.Source.SELF, enrolled)
            roll = rng.random()
            if user_id in heartbeat_ids and course is video_course:
                record.plans.append([enrolment, 0, True])
            elif roll < 0.28:
                done_at = min(
                    enrolled + datetime.timedelta(days=rng.expovariate(1 / 20)),
                    NOW - datetime.timedelta(hours=1),
                )
                record.complete(enrolment, done_at)
                lesson_rows(record, user_id, course, done_at)
            elif roll < 0.7:
                record.plans.append([enrolment, rng.randint(0, len(course["lessons"]) - 1), True])


def finish_progress(record, target):
    """The in-progress enrolments' lessons, tuned so that the table holds `target` rows in all."""
    fixed = len(record.progress)
    plans = record.plans
    courses = record.courses

    def rows_of(plan):
        lessons = courses[plan[0][2]]["lessons"]
        partial = plan[2] and plan[1] < len(lessons) and lessons[plan[1]]["rule"] == "video"
        return plan[1] + (1 if partial else 0)

    total = fixed + sum(rows_of(plan) for plan in plans)
    log(f"   progress rows: {fixed} fixed, {total - fixed} in progress before tuning, target {target}")
    if fixed > target:
        raise SystemExit(
            "More progress rows from completed courses than the target: lower the completed share."
        )
    while total != target:
        plan = plans[int(rng.random() * len(plans))]
        size = len(courses[plan[0][2]]["lessons"])
        before = rows_of(plan)
        if total < target and plan[1] < size - 1:
            plan[1] += 1
        elif total > target and plan[1] > 0:
            plan[1] -= 1
        total += rows_of(plan) - before
    for enrolment, done, partial in plans:
        course = courses[enrolment[2]]
        last = between(enrolment[4], NOW - datetime.timedelta(minutes=30))
        lesson_rows(record, enrolment[1], course, last, done_count=done, partial=partial)


def write_record(record):
    """COPY the learner record: enrolments, progress, certificates, cycles, exemptions, quiz attempts."""
    enrolment_ids = iter(IDS.take(Enrolment, len(record.enrolments)))
    for row in record.enrolments:
        row[0] = next(enrolment_ids)
    copy(
        Enrolment, ["id", "user_id", "course_id", "source", "enrolled_at", "completed_at"], record.enrolments
    )
    ids = iter(IDS.take(LessonProgress, len(record.progress)))
    copy(
        LessonProgress,
        [
            "id",
            "user_id",
            "lesson_id",
            "intervals",
            "position",
            "coverage",
            "completed_at",
            "updated_at",
            "heartbeat_at",
            "allowance",
        ],
        ((next(ids), *row) for row in record.progress),
    )
    names = record.names
    ids = IDS.take(Certificate, len(record.certificates))
    copy(
        Certificate,
        [
            "id",
            "enrolment_id",
            "user_id",
            "course_id",
            "completed_at",
            "number",
            "verification_code",
            "issued_at",
            "valid_until",
            "holder_name",
            "course_title",
        ],
        (
            (
                pk,
                e[0],
                e[1],
                e[2],
                done,
                f"LH-S{pk:07X}",
                secrets.token_urlsafe(16),
                done + datetime.timedelta(minutes=1),
                valid,
                names[e[1]],
                title,
            )
            for pk, (e, done, valid, title) in zip(ids, record.certificates, strict=True)
        ),
    )
    ids = iter(IDS.take(RequirementCycle, len(record.cycles)))
    copy(
        RequirementCycle,
        [
            "id",
            "requirement_id",
            "user_id",
            "opens_on",
            "counts_from",
            "due_on",
            "overdue_from",
            "done_at",
            "valid_until",
            "ended_at",
            "superseded_at",
            "created_at",
        ],
        (
            (
                next(ids),
                c.requirement_id,
                c.user_id,
                c.opens_on,
                c.counts_from,
                c.due_on,
                c.overdue_from,
                c.done_at,
                c.valid_until,
                getattr(c, "ended_at", None),
                c.superseded_at,
                c.created_at,
            )
            for c in record.cycles
        ),
    )
    ids = iter(IDS.take(Exemption, len(record.exemptions)))
    copy(
        Exemption,
        ["id", "requirement_id", "user_id", "reason", "until"],
        ((next(ids), *row) for row in record.exemptions),
    )
    attempts = []
    for user_id, lesson_id, check_id, when in record.quiz:
        if rng.random() < 0.25:
            attempts.append(
                (user_id, lesson_id, check_id, "{}", 0.4, False, when - datetime.timedelta(minutes=3))
            )
        attempts.append((user_id, lesson_id, check_id, "{}", 1.0, True, when))
    ids = iter(IDS.take(QuizAttempt, len(attempts)))
    copy(
        QuizAttempt,
        ["id", "user_id", "lesson_id", "check_id", "answers", "score", "passed", "submitted_at"],
        ((next(ids), *row) for row in attempts),
    )
    return len(attempts)


# Lotsen ----------------------------------------------------------------------------------------------------------


def seed_lotsen(people):
    User = get_user_model()
    active_people = [p for p in people if p["active"]]
    lotse_person = next(p for p in people if p["username"] == LOTSE_USER)
    chosen = [lotse_person, *rng.sample([p for p in active_people[20:] if p is not lotse_person], LOTSEN - 1)]
    group = Group.objects.get(name=roles.LOTSEN)
    through = User.groups.through
    ids = iter(IDS.take(through, len(chosen)))
    copy(through, ["id", "user_id", "group_id"], ((next(ids), p["id"], group.pk) for p in chosen))
    lotse_ids = list(IDS.take(Lotse, len(chosen)))
    inactive = set(rng.sample(range(1, len(chosen)), LOTSEN_INACTIVE))
    lotsen = []
    for index, (person, pk) in enumerate(zip(chosen, lotse_ids, strict=True)):
        lotsen.append(
            {
                "id": pk,
                "user": person["id"],
                "unit": person["unit"],
                "active": index not in inactive,
                "quota": rng.choice([4, 6, 8, 8, 10, 12, 16]),
            }
        )
    copy(
        Lotse,
        ["id", "user_id", "monthly_quota_hours", "office_hours", "active"],
        (
            (
                lotse["id"],
                lotse["user"],
                lotse["quota"],
                f"Digi-Sprechstunde {rng.choice(['montags', 'dienstags', 'donnerstags'])} 9–11 Uhr, Raum {rng.randint(1, 4)}.{rng.randint(1, 40):02d} und per Video",
                lotse["active"],
            )
            for lotse in lotsen
        ),
    )
    units = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    rows = []
    for lotse in lotsen:
        covered = {lotse["unit"]}
        if rng.random() < 0.3 and units.get(lotse["unit"]):
            covered.add(units[lotse["unit"]])
        rows += [(lotse["id"], unit) for unit in covered]
    through = Lotse.org_units.through
    ids = iter(IDS.take(through, len(rows)))
    copy(through, ["id", "lotse_id", "orgunit_id"], ((next(ids), *row) for row in rows))
    competences = list(Competence.objects.exclude(area_code="").values_list("pk", flat=True))
    rows = [(lotse["id"], c) for lotse in lotsen for c in rng.sample(competences, rng.randint(2, 4))]
    through = Lotse.competences.through
    ids = iter(IDS.take(through, len(rows)))
    copy(through, ["id", "lotse_id", "competence_id"], ((next(ids), *row) for row in rows))
    from taggit.models import Tag

    tags = dict(Tag.objects.filter(name__in=FREE_TOPICS).values_list("name", "pk"))
    rows = [
        (lotse["id"], tags[name]) for lotse in lotsen for name in rng.sample(sorted(tags), rng.randint(0, 2))
    ]
    ids = iter(IDS.take(LotseTag, len(rows)))
    copy(LotseTag, ["id", "content_object_id", "tag_id"], ((next(ids), *row) for row in rows))
    ids = iter(IDS.take(LotseMembership, len(lotsen)))
    copy(
        LotseMembership,
        ["id", "lotse_id", "started_on", "ended_on"],
        (
            (
                next(ids),
                lotse["id"],
                days_ago(rng.randint(400, 1500)),
                None if lotse["active"] else days_ago(rng.randint(20, 300)),
            )
            for lotse in lotsen
        ),
    )
    return lotsen, competences


def seed_coachings(lotsen, people, competences):
    """20,000 coachings (the bench Lotse has 50 open ones), their sessions, notes and help requests."""
    active_lotsen = [lotse for lotse in lotsen if lotse["active"]]
    bench_lotse = lotsen[0]
    colleagues = [p for p in people if p["active"] and p["username"] not in HEARTBEAT_USERS]
    coachings, pairs = [], set()

    def add(lotse, open_):
        while True:
            colleague = rng.choice(colleagues)
            if colleague["id"] != lotse["user"] and (
                not open_ or (lotse["id"], colleague["id"]) not in pairs
            ):
                break
        if open_:
            pairs.add((lotse["id"], colleague["id"]))
            started = at(days_ago(rng.randint(2, 170)))
            ended = None
        else:
            ended = at(days_ago(rng.randint(0, 366)))
            started = ended - datetime.timedelta(days=rng.randint(7, 300))
        consent = open_ and rng.random() < 0.65
        coachings.append(
            {
                "lotse": lotse,
                "colleague": colleague["id"],
                "started": started,
                "ended": ended,
                "accepted": started + datetime.timedelta(hours=20)
                if rng.random() < 0.95 or not open_
                else None,
                "consent": started + datetime.timedelta(days=1) if consent else None,
            }
        )

    for index in range(LOTSE_COACHINGS):
        add(bench_lotse, True)
        if index < 40:
            coachings[-1]["consent"] = coachings[-1]["started"] + datetime.timedelta(days=1)
            coachings[-1]["accepted"] = coachings[-1]["started"] + datetime.timedelta(hours=20)
    for _ in range(OPEN_COACHINGS - LOTSE_COACHINGS):
        add(rng.choice(active_lotsen[1:]), True)
    for _ in range(COACHINGS - OPEN_COACHINGS):
        add(rng.choice(lotsen), False)
    lotse_user = {lotse["id"]: lotse["user"] for lotse in lotsen}
    ids = IDS.take(Coaching, len(coachings))
    for pk, coaching in zip(ids, coachings, strict=True):
        coaching["id"] = pk
    copy(
        Coaching,
        [
            "id",
            "lotse_id",
            "colleague_id",
            "consent_to_id",
            "consent_given_at",
            "started_at",
            "accepted_at",
            "ended_at",
            "ended_by_id",
        ],
        (
            (
                c["id"],
                c["lotse"]["id"],
                c["colleague"],
                lotse_user[c["lotse"]["id"]] if c["consent"] else None,
                c["consent"],
                c["started"],
                c["accepted"],
                c["ended"],
                lotse_user[c["lotse"]["id"]] if c["ended"] else None,
            )
            for c in coachings
        ),
    )
    rows = [(c["id"], comp) for c in coachings for comp in rng.sample(competences, rng.randint(1, 2))]
    through = Coaching.competences.through
    ids = iter(IDS.take(through, len(rows)))
    copy(through, ["id", "coaching_id", "competence_id"], ((next(ids), *row) for row in rows))
    sessions = []
    for c in coachings:
        if c["accepted"] is None:
            continue
        end = c["ended"] or NOW
        for _ in range(rng.randint(1, 5)):
            day = timezone.localdate(between(c["accepted"], end))
            follow = c["ended"] is None and (TODAY - day).days < 60 and rng.random() < 0.3
            sessions.append(
                (
                    c["lotse"]["id"],
                    c["id"],
                    "individual",
                    day,
                    rng.choice([15, 30, 30, 45, 60, 90]),
                    rng.choice(MeetingFormat.values),
                    "Fragen geklärt",
                    "Übung bis zum nächsten Termin" if follow else "",
                    day + datetime.timedelta(days=rng.randint(7, 40)) if follow else None,
                    None,
                    None,
                    at(day),
                )
            )
    for _ in range(GROUP_SESSIONS):
        day = days_ago(rng.randint(0, 365))
        lotse = rng.choice(active_lotsen)
        sessions.append(
            (
                lotse["id"],
                None,
                "group",
                day,
                rng.choice([60, 90, 120]),
                rng.choice(MeetingFormat.values),
                "Sprechstunde",
                "",
                None,
                None,
                rng.randint(2, 15),
                at(day),
            )
        )
    session_ids = list(IDS.take(CoachingSession, len(sessions)))
    copy(
        CoachingSession,
        [
            "id",
            "lotse_id",
            "coaching_id",
            "kind",
            "date",
            "minutes",
            "format",
            "outcome",
            "follow_up",
            "follow_up_due",
            "follow_up_done_at",
            "participant_count",
            "created_at",
        ],
        ((pk, *row) for pk, row in zip(session_ids, sessions, strict=True)),
    )
    rows = [(pk, comp) for pk in session_ids for comp in rng.sample(competences, rng.randint(1, 2))]
    through = CoachingSession.competences.through
    ids = iter(IDS.take(through, len(rows)))
    copy(through, ["id", "coachingsession_id", "competence_id"], ((next(ids), *row) for row in rows))
    notes = [
        (pk, lotse_user[row[0]])
        for pk, row in zip(session_ids, sessions, strict=True)
        if row[1] and rng.random() < 0.1
    ]
    ids = iter(IDS.take(PrivateNote, len(notes)))
    copy(
        PrivateNote,
        ["id", "session_id", "author_id", "text"],
        ((next(ids), pk, author, "Nur für mich: beim nächsten Mal Scannen zeigen.") for pk, author in notes),
    )
    requests_ = []
    accepted_coachings = [c for c in coachings if c["accepted"]]
    for index in range(HELP_REQUESTS):
        roll = rng.random()
        created = at(days_ago(rng.randint(0, 365)))
        competence = rng.choice(competences) if rng.random() < 0.7 else None
        topic = "" if competence else rng.choice(FREE_TOPICS)
        if index < 5:
            status, lotse, coaching, created = "assigned", bench_lotse, None, at(days_ago(index))
            requester = rng.choice(colleagues)["id"]
        elif roll < 0.25:
            c = rng.choice(accepted_coachings)
            status, lotse, coaching, requester, created = (
                "accepted",
                c["lotse"],
                c["id"],
                c["colleague"],
                c["started"],
            )
        elif roll < 0.33:
            status, lotse, coaching, requester = (
                "assigned",
                rng.choice(active_lotsen[1:]),
                None,
                rng.choice(colleagues)["id"],
            )
        elif roll < 0.4:
            status, lotse, coaching, requester = "pool", None, None, rng.choice(colleagues)["id"]
        else:
            # Done or withdrawn: retention deletes those closed more than six months ago, but tonight's.
            status = "done" if roll < 0.94 else "withdrawn"
            created = at(days_ago(rng.randint(1, 184)))
            lotse, coaching, requester = rng.choice(active_lotsen), None, rng.choice(colleagues)["id"]
        requests_.append(
            (
                requester,
                competence,
                topic,
                "Ich brauche Hilfe beim Scannen und Ablegen.",
                rng.choice(MeetingFormat.values),
                status,
                lotse["id"] if lotse else None,
                coaching,
                created,
                created + datetime.timedelta(days=1)
                if status in ("done", "withdrawn") and (NOW - created).days > 1
                else created,
            )
        )
    ids = iter(IDS.take(HelpRequest, len(requests_)))
    copy(
        HelpRequest,
        [
            "id",
            "requester_id",
            "competence_id",
            "topic",
            "message",
            "preferred_format",
            "status",
            "lotse_id",
            "coaching_id",
            "created_at",
            "updated_at",
        ],
        ((next(ids), *row) for row in requests_),
    )
    return len(coachings), len(sessions), len(requests_)


def seed_access_log(people, lotsen):
    """Two years of reads: coordinators' overview pages and exports, Lotsen's reads of consenting colleagues."""
    User = get_user_model()
    coordinators = list(User.objects.filter(groups__name=roles.COORDINATION).values_list("pk", flat=True))
    refs = {}

    def ref(pk):
        if pk not in refs:
            refs[pk] = pseudonym(pk)
        return refs[pk]

    subjects = [p["id"] for p in people]
    lotse_users = [lotse["user"] for lotse in lotsen]
    rows = []
    for _ in range(ACCESS_LOG):
        subject = rng.choice(subjects)
        when = NOW - datetime.timedelta(days=rng.random() * 731)
        if rng.random() < 0.8:
            viewer, action, reason = (
                rng.choice(coordinators),
                rng.choice(["view_progress", "view_progress", "export"]),
                "Stand der Pflichtschulungen (Koordination)",
            )
        else:
            viewer, action, reason = (
                rng.choice(lotse_users),
                "view_progress",
                f"Coaching #{rng.randint(1, COACHINGS)}",
            )
        rows.append((viewer, ref(viewer), subject, ref(subject), action, reason, when))
    ids = iter(IDS.take(AccessLogEntry, len(rows)))
    copy(
        AccessLogEntry,
        ["id", "viewer_id", "viewer_ref", "subject_id", "subject_ref", "action", "reason", "created_at"],
        ((next(ids), *row) for row in rows),
    )


# Main ------------------------------------------------------------------------------------------------------------


def counts():
    result = {}
    for model in (
        get_user_model(),
        StaffProfile,
        OrgUnit,
        CoursePage,
        LessonPage,
        Enrolment,
        LessonProgress,
        Certificate,
        RequirementCycle,
        Exemption,
        QuizAttempt,
        Lotse,
        Coaching,
        CoachingSession,
        HelpRequest,
        AccessLogEntry,
    ):
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            result[model._meta.db_table] = cursor.fetchone()[0]
    return result


def main():
    if connection.vendor != "postgresql":
        raise SystemExit(
            "seed_scale needs PostgreSQL: set DATABASE_URL to a postgres:// URL of an empty database."
        )
    state = marker()
    if state.startswith(f"{MARKER}: done"):
        log(f"Already seeded ({state}).")
        return
    if table_count() and not state.startswith(MARKER):
        raise SystemExit(
            "This database has tables but no mark of bench/seed_scale.py: refusing to touch it. "
            "Point DATABASE_URL at an empty database."
        )
    if state.startswith(f"{MARKER}: started"):
        raise SystemExit(
            "A previous seed_scale run did not finish: drop and create the database, then run again."
        )
    started = time.monotonic()
    resumed = state == f"{MARKER}: demo"  # a run that stopped after the demo content goes on from there
    if not resumed:
        set_marker(f"{MARKER}: started {NOW.isoformat()}")
    with step("migrate"):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    if not resumed:
        with step("seed_demo"):
            call_command("seed_demo", verbosity=0)
        set_marker(f"{MARKER}: demo")
    set_marker(f"{MARKER}: started scale data {NOW.isoformat()}")
    with step("org units and staff"):
        areas, teams = seed_org_units()
        people = seed_staff(teams, areas)
        deactivated = dict(AccountDeactivation.objects.values_list("user_id", "deactivated_at"))
        for p in people:
            if not p["active"]:
                p["deactivated_at"] = deactivated[p["id"]]
    with step("pages"):
        courses = seed_pages()
        reset_sequences()
    with step("search terms"):
        index_search_terms([c["id"] for c in courses if "slug" not in c])
    with step("learner record in memory"):
        requirement_list = seed_requirements(courses, areas)
        record = Record(courses)
        record.names = {p["id"]: f"{p['first']} {p['last']}" for p in people}
        seed_mandatory(record, requirement_list, people)
        seed_voluntary(record, courses, people, ENROLMENTS - Enrolment.objects.count())
        finish_progress(record, PROGRESS_ROWS - LessonProgress.objects.count())
    with step("learner record COPY"):
        write_record(record)
    with step("lotsen"):
        lotsen, competences = seed_lotsen(people)
        seed_coachings(lotsen, people, competences)
    with step("access log"):
        seed_access_log(people, lotsen)
    reset_sequences()
    with step("foreign keys checked"):
        check_foreign_keys()
    with step("vacuum analyze"), connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    seconds = round(time.monotonic() - started, 1)
    result = {"seconds": seconds, "steps": TIMINGS, "counts": counts(), "today": TODAY.isoformat()}
    set_marker(f"{MARKER}: done " + json.dumps(result))
    log(json.dumps(result, indent=1))
    log(f"Seeded in {seconds:.0f} s.")


if __name__ == "__main__":
    main()

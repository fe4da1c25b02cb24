"""Reads the demo content from courses/demo/data (TOML and WebVTT files) and checks it before seeding."""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wagtail_localize.strings import StringValue

from ..captions import WebVTTError, parse_webvtt
from .schema import Choice, Mapping, Optional, SchemaError, Tagged, check

DATA_DIR = Path(__file__).resolve().parent / "data"

# The schema of each file; data/README.md and each file's header comment describe the same in words.
STEP = {"title": str, "text": str}
PAGE = {"slug": str, "title": str, "intro": str}
SITE = {"home": PAGE, "portal": PAGE, "statement": {"slug": str, "title": str}}
CATALOG = {
    "placeholder_note": str,
    "courses": [str],
    "catalog": PAGE,
    "programmes": [{**PAGE, "audience": str}],
}
LESSON_BLOCK = Tagged(
    text={"html": str},
    steps={"title": str, "steps": [STEP]},
    callout={"kind": Choice("info", "warning", "success"), "title": str, "html": str},
    # A PDF made from these lines, in the staff collection (courses/demo/documents.py).
    download={"title": str, "description": str, "lines": [str]},
)
QUESTION = {
    "kind": Choice("single", "multiple"),
    "prompt": str,
    "explanation": str,
    "answers": [{"text": str, "correct": bool, "feedback": str}],
    "shuffle": Optional(bool, default=True),
}
CHECK = {
    "title": Optional(str, default="Wissenscheck"),
    "intro": Optional(str, default=""),
    "pass_mark": int,
    "questions": [QUESTION],
}
LESSON = {
    "slug": str,
    "title": str,
    "intro": Optional(str, default=""),
    "minutes": int,
    "rule": Choice("read", "quiz"),
    "video": Optional(str),
    "body": Optional([LESSON_BLOCK], default=[]),
    "check": Optional(CHECK),
}
COURSE = {
    "title": str,
    "programme": str,
    "summary": str,
    "goals": [str],
    "audience": str,
    "competences": [(str, int)],
    "tags": [str],
    "prerequisites": Optional([str], default=[]),
    "certificate": bool,
    "validity_months": Optional(int, default=None),
    "checks": Optional(
        {
            "max_failed_attempts": int,
            "wait_minutes": int,
            "feedback": Choice("immediately", "after_passing", "after_passing_or_last"),
        },
        default=None,
    ),
    "lessons": [LESSON],
}
VIDEOS = Mapping({"title": str, "seconds": int, "lines": [str], "chapters": [(str, int)], "transcript": str})
EXPLAINER = {
    "slug": str,
    "title": str,
    "video": str,
    "easy": Optional(str, default=None),
    "tags": [str],
    "reviewed_at": datetime.date,
    "lead": str,
    "steps": [STEP],
    "checklist": [str],
    "offline_text": str,
}
EXPLAINERS = {
    "languages": [str],
    "offline_title": str,
    "contact": {"address": str, "opening_hours": str, "phone": str},
    "index": PAGE,
    "explainers": [EXPLAINER],
}
EASY_BLOCK = Tagged(
    paragraph={"value": str},
    explanation={"value": {"word": str, "meaning": str}},
    list={"value": [str]},
)
EASY_PAGE = {"title": str, "intro": str, "body": [EASY_BLOCK]}
EASY_LANGUAGE = {"start": {"slug": str, **EASY_PAGE}, "texts": Mapping(EASY_PAGE)}
SIGN_LANGUAGE = {"slug": str, "title": str, "text": str}
NOTICE_CONTACT = {
    "name": str,
    "address": str,
    "email": str,
    "phone": str,
    "authority": str,
    "authority_url": str,
}
NOTICE = {
    "slug": str,
    "title": str,
    "lead": str,
    "reviewed_at": datetime.date,
    "sections": [{"heading": str, "html": str}],
    "contact": Optional(NOTICE_CONTACT),
}
NOTICES = {"staff_privacy": NOTICE, "public_privacy": NOTICE, "imprint": NOTICE}
TRANSLATION = {
    "offline_title": str,
    "index": {"title": str, "intro": str},
    "explainers": Mapping(
        {"title": str, "lead": str, "steps": [STEP], "checklist": [str], "offline_text": str}
    ),
}
SCHEMAS = {
    "site.toml": SITE,
    "catalog.toml": CATALOG,
    "courses/*.toml": COURSE,
    "videos.toml": VIDEOS,
    "explainers.toml": EXPLAINERS,
    "leichte-sprache.toml": EASY_LANGUAGE,
    "gebaerdensprache.toml": SIGN_LANGUAGE,
    "notices.toml": NOTICES,
    "translations/*.toml": TRANSLATION,
}


class DemoDataError(ValueError):
    """A mistake in the demo data; the message names the file, the key and what is wrong."""

    def __init__(self, path, key, message):
        self.path, self.key = path, key
        super().__init__(f"Demo-Daten {path}, {key or 'ganze Datei'}: {message}")


@dataclass(frozen=True)
class DemoData:
    """All demo content, checked. Lists keep the order of the files; dicts hold what the files hold."""

    home: dict
    portal: dict
    statement: dict
    catalog: dict
    programmes: list
    placeholder_note: str
    courses: list
    videos: dict
    contact: dict
    explainer_index: dict
    offline_title: str
    explainers: list
    languages: list
    translations: dict
    easy_start: dict
    easy_texts: dict
    sign_language: dict
    notices: dict

    @property
    def translated_explainers(self):
        """The German explainers that have translations, in the order of explainers.toml."""
        translated = self.translations[self.languages[0]]["explainers"] if self.languages else {}
        return [entry for entry in self.explainers if entry["slug"] in translated]

    def explainer_strings(self, language, slug):
        """German → translated text of each text of an explainer, in the form translate() takes."""
        german = next(entry for entry in self.explainers if entry["slug"] == slug)
        translation = self.translations[language]
        return _strings(german, translation["explainers"][slug]) | _strings(
            {"title": self.offline_title}, {"title": translation["offline_title"]}
        )

    def index_strings(self, language):
        """German → translated text of each text of the page "Erklärt"."""
        return _strings(self.explainer_index, self.translations[language]["index"])


def _strings(german, translated):
    texts = [
        (german[key], translated[key]) for key in ("title", "intro", "lead", "offline_text") if key in german
    ]
    for step, translated_step in zip(german.get("steps", []), translated.get("steps", []), strict=True):
        texts += [(step["title"], translated_step["title"]), (step["text"], translated_step["text"])]
    texts += zip(german.get("checklist", []), translated.get("checklist", []), strict=True)
    # wagtail-localize keeps texts as its own escaped HTML; plain texts are converted the way it does.
    return {StringValue.from_plaintext(de).data: StringValue.from_plaintext(tr).data for de, tr in texts}


def read(path, base=DATA_DIR):
    """One data file, parsed and checked against the schema its place in `base` gives it."""
    name = PurePosixPath(path.relative_to(base).as_posix())
    schema = next((schema for pattern, schema in SCHEMAS.items() if name.match(pattern)), None)
    if schema is None:
        raise DemoDataError(name, "", f"keine bekannte Datei; erwartet sind: {', '.join(SCHEMAS)}")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as error:
        raise DemoDataError(name, "", "die Datei fehlt") from error
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(name, "", f"kein gültiges TOML ({error})") from error
    try:
        return check(data, schema)
    except SchemaError as error:
        raise DemoDataError(name, error.key, error.message) from error


def read_captions(path, base=DATA_DIR):
    """A caption file's text, checked by the parser that checks uploads in the video admin."""
    name = path.relative_to(base).as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DemoDataError(name, "", "die Untertiteldatei fehlt") from error
    try:
        parse_webvtt(data)
    except WebVTTError as error:
        raise DemoDataError(name, "", str(error)) from error
    return data.decode("utf-8")


def load(base=DATA_DIR):
    """All demo content from the files in `base`, checked; raises DemoDataError at the first mistake."""
    site, catalog = read(base / "site.toml", base), read(base / "catalog.toml", base)
    explainers = read(base / "explainers.toml", base)
    easy = read(base / "leichte-sprache.toml", base)
    sign_language = read(base / "gebaerdensprache.toml", base)
    courses = _read_listed(base, "courses", catalog["courses"], "catalog.toml unter „courses“")
    data = DemoData(
        home=site["home"],
        portal=site["portal"],
        statement=site["statement"],
        catalog=catalog["catalog"],
        programmes=catalog["programmes"],
        placeholder_note=catalog["placeholder_note"],
        # A course's slug is its file name.
        courses=[{"slug": slug, **course} for slug, course in courses.items()],
        videos=_videos(base),
        contact=explainers["contact"],
        explainer_index=explainers["index"],
        offline_title=explainers["offline_title"],
        explainers=explainers["explainers"],
        languages=explainers["languages"],
        translations=_read_listed(
            base, "translations", explainers["languages"], "explainers.toml unter „languages“"
        ),
        easy_start=easy["start"],
        easy_texts=easy["texts"],
        sign_language=sign_language,
        notices=read(base / "notices.toml", base),
    )
    _check_courses(data)
    _check_explainers(data)
    return data


def _read_listed(base, folder, names, listed_in):
    """The files <folder>/<name>.toml in the order of `names`; any other file there would go unseeded."""
    unlisted = sorted({path.stem for path in (base / folder).glob("*.toml")} - set(names))
    if unlisted:
        raise DemoDataError(f"{folder}/{unlisted[0]}.toml", "", f"nicht aufgeführt in {listed_in}")
    return {name: read(base / folder / f"{name}.toml", base) for name in names}


def _videos(base):
    """The course videos of videos.toml, each with the German captions of captions/<name>.de.vtt."""
    videos = read(base / "videos.toml", base)
    strays = sorted(
        p.name for p in (base / "captions").glob("*.vtt") if p.name.removesuffix(".de.vtt") not in videos
    )
    if strays:
        raise DemoDataError(f"captions/{strays[0]}", "", "zu dieser Datei gibt es kein Video in videos.toml")
    for key, video in videos.items():
        video["captions"] = read_captions(base / "captions" / f"{key}.de.vtt", base)
    return videos


def _check_courses(data):
    """References between the course files: each of them would otherwise break the seed or go unnoticed."""
    programmes = {programme["slug"] for programme in data.programmes}
    earlier = set()
    for course in data.courses:
        name = f"courses/{course['slug']}.toml"
        if course["programme"] not in programmes:
            raise DemoDataError(name, "programme", f"kein Programm in catalog.toml: „{course['programme']}“")
        for number, slug in enumerate(course["prerequisites"], start=1):
            if slug not in earlier:
                raise DemoDataError(
                    name,
                    f"prerequisites[{number}]",
                    f"„{slug}“ steht nicht vor diesem Kurs in catalog.toml unter „courses“",
                )
        for number, lesson in enumerate(course["lessons"], start=1):
            if "video" in lesson and lesson["video"] not in data.videos:
                raise DemoDataError(
                    name, f"lessons[{number}].video", f"kein Video in videos.toml: „{lesson['video']}“"
                )
            if (lesson["rule"] == "quiz") != ("check" in lesson):
                raise DemoDataError(
                    name, f"lessons[{number}].rule", "„quiz“ braucht einen Wissenscheck, „read“ keinen"
                )
        earlier.add(course["slug"])


def _check_explainers(data):
    """Leichte-Sprache links, and translations that mirror their German explainer item by item."""
    for number, entry in enumerate(data.explainers, start=1):
        if entry["easy"] is not None and entry["easy"] not in data.easy_texts:
            raise DemoDataError(
                "explainers.toml",
                f"explainers[{number}].easy",
                f"kein Text in leichte-sprache.toml: „{entry['easy']}“",
            )
    german = {entry["slug"]: entry for entry in data.explainers}
    first = data.languages[0] if data.languages else None
    for language, translation in data.translations.items():
        name = f"translations/{language}.toml"
        if translation["explainers"].keys() != data.translations[first]["explainers"].keys():
            raise DemoDataError(
                name, "explainers", f"übersetzt andere Erklärungen als translations/{first}.toml"
            )
        for slug, translated in translation["explainers"].items():
            if slug not in german:
                raise DemoDataError(name, f"explainers.{slug}", "keine Erklärung in explainers.toml")
            for key in ("steps", "checklist"):
                if len(translated[key]) != len(german[slug][key]):
                    raise DemoDataError(
                        name,
                        f"explainers.{slug}.{key}",
                        f"{len(translated[key])} Einträge, die deutsche Erklärung hat {len(german[slug][key])}",
                    )

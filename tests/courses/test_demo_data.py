"""The demo data files: every caption passes the upload check, every TOML file its schema, mistakes read clearly."""

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from courses.captions import validate_caption_file
from courses.demo import loader

CAPTIONS = sorted(loader.DATA_DIR.rglob("*.vtt"))
TOML_FILES = sorted(loader.DATA_DIR.rglob("*.toml"))


def test_the_data_has_captions_and_toml_files_to_check():
    assert len(CAPTIONS) == 3
    assert len(TOML_FILES) == 26  # notices.toml is the 26th


@pytest.mark.parametrize("path", CAPTIONS, ids=lambda path: path.name)
def test_every_caption_file_passes_the_check_of_the_video_upload_form(path):
    with path.open("rb") as handle:
        validate_caption_file(File(handle, name=path.name))


@pytest.mark.parametrize("path", TOML_FILES, ids=lambda path: path.relative_to(loader.DATA_DIR).as_posix())
def test_every_toml_file_fits_its_schema(path):
    assert loader.read(path)


def test_all_files_load_together_and_every_file_is_used():
    data = loader.load()
    assert len(data.courses) == 13 and len(data.videos) == 3 and len(data.explainers) == 7
    assert data.languages == ["en", "ar", "tr", "uk", "ru", "fa"]
    assert [entry["slug"] for entry in data.translated_explainers] == [
        "buergergeld-online-beantragen",
        "weiterbewilligung-online-beantragen",
        "aenderungen-mitteilen",
    ]


def test_prose_keeps_umlauts_typographic_quotes_and_html():
    data = loader.load()
    first_lesson = data.courses[0]["lessons"][0]
    assert first_lesson["body"][0]["html"].startswith("<h2>Eine Akte je Bedarfsgemeinschaft</h2><p>")
    assert "„Antrag und Weiterbewilligung“" in first_lesson["body"][0]["html"]
    assert data.contact["address"] == "Musterstraße 1\n12345 Musterstadt"
    assert data.videos["e-akte-ablegen"]["captions"].startswith("WEBVTT\n\n00:00:00.500 --> 00:00:04.000\n")


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the data folder to break on purpose."""
    return shutil.copytree(loader.DATA_DIR, tmp_path / "data")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


MISTAKES = {
    "broken toml": (
        "courses/e-akte-grundlagen.toml",
        "minutes = 5\n",
        "minutes 5\n",
        "Demo-Daten courses/e-akte-grundlagen.toml, ganze Datei: kein gültiges TOML (",
    ),
    "missing key": (
        "courses/e-akte-grundlagen.toml",
        "pass_mark = 80\n",
        "",
        "Demo-Daten courses/e-akte-grundlagen.toml, lessons[3].check.pass_mark: Pflichtangabe fehlt",
    ),
    "wrong type": (
        "courses/e-akte-grundlagen.toml",
        "pass_mark = 80\n",
        'pass_mark = "80"\n',
        "lessons[3].check.pass_mark: erwartet ist ganze Zahl, gefunden: Text „80“",
    ),
    "true is no number": (
        "videos.toml",
        "seconds = 20\n",
        "seconds = true\n",
        "videos.toml, e-akte-ablegen.seconds: erwartet ist ganze Zahl, gefunden: true",
    ),
    "misspelt key": (
        "site.toml",
        'title = "Mein Lernen"\n',
        'titel = "Mein Lernen"\n',
        "site.toml, portal.titel: unbekannte Angabe; erlaubt sind: slug, title, intro",
    ),
    "unknown block type": (
        "courses/e-akte-grundlagen.toml",
        'type = "callout"\n',
        'type = "hinweis"\n',
        "lessons[1].body[2].type: erlaubt ist einer der Typen „text“, „steps“, „callout“",
    ),
    "value not allowed": (
        "courses/e-akte-grundlagen.toml",
        'rule = "read"\n',
        'rule = "gelesen"\n',
        "lessons[1].rule: erlaubt ist einer der Werte „read“, „quiz“, gefunden: Text „gelesen“",
    ),
    "unknown programme": (
        "courses/e-akte-grundlagen.toml",
        'programme = "inhouse-schulungen"\n',
        'programme = "inhouse"\n',
        "courses/e-akte-grundlagen.toml, programme: kein Programm in catalog.toml: „inhouse“",
    ),
    "unknown video": (
        "courses/e-akte-grundlagen.toml",
        'video = "e-akte-ablegen"\n',
        'video = "e-akte"\n',
        "lessons[2].video: kein Video in videos.toml: „e-akte“",
    ),
    "broken captions": (
        "captions/e-akte-ablegen.de.vtt",
        "00:00:04.000 --> 00:00:08.000",
        "00:00:04,000 --> 00:00:08,000",
        "Demo-Daten captions/e-akte-ablegen.de.vtt, ganze Datei: Die Untertiteldatei ist fehlerhaft: Zeile 7:",
    ),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_in_a_file_names_the_file_the_key_and_what_is_wrong(data_copy, name):
    file, old, new, message = MISTAKES[name]
    edit(data_copy / file, old, new)
    with pytest.raises(loader.DemoDataError) as raised:
        loader.load(data_copy)
    assert message in str(raised.value)


def test_a_translation_with_fewer_steps_than_its_german_text_is_refused(data_copy):
    path = data_copy / "translations" / "uk.toml"
    text = path.read_text(encoding="utf-8")
    last_step = text.rindex("\n[[explainers.aenderungen-mitteilen.steps]]")
    path.write_text(text[:last_step] + "\n", encoding="utf-8")
    with pytest.raises(
        loader.DemoDataError, match=r"translations/uk\.toml, explainers\.aenderungen-mitteilen\.steps: 3 "
    ):
        loader.load(data_copy)


def test_files_that_the_seed_would_not_read_are_refused(data_copy):
    (data_copy / "courses" / "neuer-kurs.toml").write_text('title = "Neu"\n', encoding="utf-8")
    with pytest.raises(
        loader.DemoDataError,
        match=r"neuer-kurs\.toml, ganze Datei: nicht aufgeführt in catalog\.toml unter „courses“",
    ):
        loader.load(data_copy)
    (data_copy / "courses" / "neuer-kurs.toml").unlink()
    (data_copy / "notizen.toml").write_text("", encoding="utf-8")
    with pytest.raises(loader.DemoDataError, match=r"notizen\.toml, ganze Datei: keine bekannte Datei"):
        loader.read(data_copy / "notizen.toml", data_copy)


def test_the_caption_check_itself_refuses_what_the_loader_refuses(tmp_path):
    path = tmp_path / "kaputt.vtt"
    path.write_text("WEBVTT\n\n00:00:04,000 --> 00:00:08,000\nKomma statt Punkt\n", encoding="utf-8")
    with path.open("rb") as handle, pytest.raises(ValidationError):
        validate_caption_file(File(handle, name=path.name))


def test_the_right_answer_is_not_always_the_first_one():
    """Shuffling hides the file's order from learners; the file itself must not teach "always the first"."""
    positions = [
        [answer["correct"] for answer in question["answers"]].index(True)
        for course in loader.load().courses
        for lesson in course["lessons"]
        if "check" in lesson
        for question in lesson["check"]["questions"]
        if question["kind"] == "single"
    ]
    assert len(positions) > 30
    assert len(set(positions)) >= 3
    assert positions.count(0) < len(positions) / 2


def test_the_mandatory_trainings_limit_attempts_at_their_checks():
    courses = {course["slug"]: course for course in loader.load().courses}
    for slug in ("datenschutz-unterweisung", "phishing-erkennen"):
        assert courses[slug]["checks"] == {
            "max_failed_attempts": 3,
            "wait_minutes": 10,
            "feedback": "after_passing_or_last",
        }
    assert courses["e-akte-grundlagen"]["checks"] is None

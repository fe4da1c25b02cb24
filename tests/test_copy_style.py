"""One voice for every German string the site shows: formal "Sie", inclusive person words, short sentences.

The strings are read from the sources gettext reads (calls of `_()` and friends in Python, `{% translate %}` and
`{% blocktranslate %}` in templates), so a new string is checked the moment it is written.
"""

import ast
import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
TEMPLATE_STRING = re.compile(
    r'{%\s*translate\s+"(?P<plain>[^"]*)"|{%\s*blocktranslate[^%]*%}(?P<block>.*?){%\s*endblocktranslate',
    re.S,
)
MAX_WORDS_PER_SENTENCE = 22

INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren)\b")
# Person nouns in the generic masculine; "Kundinnen und Kunden" and similar pairs are fine.
MASCULINE = re.compile(
    r"\b(Mitarbeiter|Teilnehmer|Nutzer|Benutzer|Trainer|Koordinator|Redakteur|Ansprechpartner|Kollege|Kunde|"
    r"Bearbeiter|Lernender|Studierender)(n|s|en)?\b"
)
PAIR = re.compile(r"\b(\w+?)(in|innen) (und|oder) (\w+ )?\1\w*")
ENGLISH = re.compile(r"\b(Please|Error|Save|Cancel|Loading|Submit|Click here|More actions|created in)\b")


def _python_strings():
    for path in sorted(BASE_DIR.glob("*/**/*.py")):
        if (
            path.parts[len(BASE_DIR.parts)] not in {"learning", "courses", "lotsen"}
            or "migrations" in path.parts
        ):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if isinstance(node, ast.Call) and name in GETTEXT_NAMES:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield f"{path.relative_to(BASE_DIR)}:{node.lineno}", arg.value


def _template_strings():
    for path in sorted(p for p in (BASE_DIR / "templates").glob("**/*") if p.suffix in {".html", ".txt"}):
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_STRING.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(BASE_DIR)}:{line}", match.group("plain") or match.group("block")


STRINGS = [*_python_strings(), *_template_strings()]


def _prose(text):
    """The words a reader sees: template variables, tags, HTML and placeholders removed."""
    text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>|%\(\w+\)[sd]|%[sd]|\{\w*\}", " ", text, flags=re.S)
    return " ".join(text.split())


def test_the_sources_hold_the_strings():
    assert len(STRINGS) > 1000


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [("formal address (Sie, not du)", INFORMAL), ("no English words", ENGLISH)],
)
def test_no_string_breaks_the_house_style(rule, pattern):
    offenders = [f"{where}: {text[:80]}" for where, text in STRINGS if pattern.search(_prose(text))]
    assert not offenders, f"{rule}:\n" + "\n".join(offenders)


def test_person_words_are_inclusive():
    offenders = [
        f"{where}: {text[:80]}" for where, text in STRINGS if MASCULINE.search(PAIR.sub(" ", _prose(text)))
    ]
    assert not offenders, "generic masculine (use a pair or a neutral word):\n" + "\n".join(offenders)


def test_sentences_are_short():
    offenders = []
    for where, text in STRINGS:
        for sentence in re.split(r"(?<=[.!?:])\s+", _prose(text)):
            if len(sentence.split()) > MAX_WORDS_PER_SENTENCE:
                offenders.append(f"{where}: {sentence[:80]}… ({len(sentence.split())} words)")
    assert not offenders, f"sentences over {MAX_WORDS_PER_SENTENCE} words:\n" + "\n".join(offenders)


def test_german_quotation_marks():
    offenders = [f"{where}: {text[:80]}" for where, text in STRINGS if re.search(r'(^|\s)"\w', _prose(text))]
    assert not offenders, "use „…“ in German text:\n" + "\n".join(offenders)

"""scripts/check_security_doc: the CI check that every test named in docs/security.md exists."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_security_doc"

TESTS = """
def test_exists():
    pass


class TestGroup:
    def test_inside(self):
        pass
"""


def check(tmp_path, table, *flags):
    (tmp_path / "tests").mkdir(exist_ok=True)
    (tmp_path / "tests" / "test_there.py").write_text(TESTS)
    document = tmp_path / "security.md"
    document.write_text(
        "# Security\n\n| id | requirement | how | tests |\n|---|---|---|---|\n" + table, encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *flags, "--root", str(tmp_path), str(document)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr


def test_existing_functions_methods_and_reasons_pass(tmp_path):
    status, errors = check(
        tmp_path,
        "| V1.2.4 | SQL | ORM | `tests/test_there.py::test_exists` |\n"
        "| V6.2.1 | length | validators | `tests/test_there.py::TestGroup::test_inside`, "
        "`tests/test_there.py::TestGroup` |\n"
        "| V17.1.1 | TURN | none | n/a: no WebRTC |\n",
    )
    assert (status, errors) == (0, "")


def test_a_missing_test_fails_and_names_the_row(tmp_path):
    status, errors = check(
        tmp_path,
        "| V1.2.4 | SQL | ORM | `tests/test_there.py::test_exists` |\n"
        "| V3.4.4 | nosniff | header | `tests/test_there.py::test_gone` |\n",
    )
    assert status == 1
    assert "line 6, V3.4.4: tests/test_there.py::test_gone does not exist" in errors
    assert "V1.2.4" not in errors


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("`tests/nowhere.py::test_x`", "tests/nowhere.py does not exist"),
        ("`tests/test_there.py::TestGroup::test_gone`", "TestGroup::test_gone does not exist"),
        ("somewhere", "names no test and gives no reason"),
    ],
)
def test_a_missing_file_method_or_reason_fails(tmp_path, cell, message):
    status, errors = check(tmp_path, f"| V5.2.2 | uploads | checks | {cell} |\n")
    assert status == 1 and "V5.2.2" in errors and message in errors


def test_todo_rows_fail_unless_allowed(tmp_path):
    table = "| V6.3.1 | throttling | axes | TODO(merge) |\n"
    status, errors = check(tmp_path, table)
    assert status == 1 and "V6.3.1: still says TODO(merge)" in errors
    assert check(tmp_path, table, "--allow-todo") == (0, "")


def test_a_requirement_listed_twice_fails(tmp_path):
    row = "| V1.2.4 | SQL | ORM | `tests/test_there.py::test_exists` |\n"
    status, errors = check(tmp_path, row + row)
    assert status == 1 and "listed twice" in errors


def test_the_projects_document_names_only_existing_tests():
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--allow-todo",
            "--root",
            str(ROOT),
            str(ROOT / "docs" / "security.md"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

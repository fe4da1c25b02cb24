"""Fixtures of the Lotsen tests: a Lotse, a colleague in a coaching, and a course with progress."""

import pytest

from learning import completion
from tests.factories import (
    CoachingFactory,
    CoursePageFactory,
    LessonPageFactory,
    LotseFactory,
    OrgUnitFactory,
    staff,
)


@pytest.fixture
def unit(db):
    return OrgUnitFactory(name="Leistungsteam 1")


@pytest.fixture
def lotse(unit):
    lotse_user = staff(
        unit, username="lars", first_name="Lars", last_name="Hoffmann", groups=["Digitalisierungslotsen"]
    )
    return LotseFactory(user=lotse_user, org_units=[unit], codes=["4.2"], tags=["E-Akte"])


@pytest.fixture
def colleague(unit):
    return staff(unit, username="anna", first_name="Anna", last_name="Becker", groups=["Lernende"])


@pytest.fixture
def coaching(lotse, colleague):
    return CoachingFactory(lotse=lotse, colleague=colleague)


@pytest.fixture
def course_with_progress(catalog_page, colleague):
    """A course the colleague started: one of two lessons done."""
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")
    first = LessonPageFactory(parent=course, title="Was sind Sozialdaten?")
    LessonPageFactory(parent=course, title="Sicher versenden")
    completion.enrol(colleague, course)
    completion.complete_lesson(colleague, first, completion.Evidence(first.completion_rule))
    return course

"""The "Digitaler Kompetenz-Check": 21 statements, German errors when answers are missing, result with tips."""

import pytest
from django.urls import reverse

from courses.models import CourseCompetence
from lotsen import selfcheck
from lotsen.models import SelfAssessment, SelfCheck
from tests.factories import CoursePageFactory, competence

pytestmark = pytest.mark.django_db


def answers(level=3, **overrides):
    data = {}
    for _area, members in selfcheck.competences():
        for item in members:
            data[f"c{item.pk}"] = str(overrides.get(item.code, level))
    return data


def test_one_plain_german_statement_per_competence(client, colleague):
    codes = [item.code for _area, members in selfcheck.competences() for item in members]
    assert len(codes) == 21 and set(codes) == set(selfcheck.STATEMENTS)
    client.force_login(colleague)
    html = client.get(reverse("lotsen:self_check")).content.decode()
    assert "Ich erkenne, welche Sozialdaten ich per E-Mail nicht unverschlüsselt senden darf." in html
    assert html.count('type="radio"') == 84
    assert "Ich kann es sicher und kann andere anleiten" in html


def test_missing_answers_give_german_errors_and_store_nothing(client, colleague):
    client.force_login(colleague)
    data = answers()
    del data[f"c{competence('4.2').pk}"]
    del data[f"c{competence('1.1').pk}"]
    response = client.post(reverse("lotsen:self_check"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Es fehlen noch 2 Antworten. Es wurde nichts gespeichert." in html
    assert html.count("Bitte wählen Sie bei dieser Aussage eine Stufe.") == 2
    assert 'value="3" checked' in html  # what was answered stays selected
    assert not SelfCheck.objects.exists() and not SelfAssessment.objects.exists()
    response = client.post(reverse("lotsen:self_check"), answers(level=7))
    assert response.status_code == 400 and not SelfCheck.objects.exists()


def test_result_compares_with_the_previous_check_and_suggests_courses_and_lotsen(
    client, colleague, lotse, catalog_page
):
    course = CoursePageFactory(parent=catalog_page, title="Sozialdaten sicher versenden")
    CourseCompetence.objects.create(course=course, competence=competence("4.2"), target_level=3)
    client.force_login(colleague)
    client.post(reverse("lotsen:self_check"), answers(level=2, **{"4.2": 2, "1.1": 3}))
    response = client.post(
        reverse("lotsen:self_check"), answers(level=2, **{"4.2": 1, "1.1": 4}), follow=True
    )
    html = response.content.decode()
    assert SelfCheck.objects.count() == 2 and SelfAssessment.objects.count() == 42
    assert "Verglichen mit dem Check vom" in html
    assert "besser" in html and "gleich" in html and "schwächer" in html
    tips = html[html.index('id="tips-heading"') :]
    assert "4.2 Personenbezogene Daten und Privatsphäre schützen" in tips
    assert "Sozialdaten sicher versenden" in tips
    assert "Fragen Sie Lars Hoffmann" in tips and "Digi-Sprechstunde dienstags" in tips


def test_others_cannot_open_my_result(client, colleague):
    from tests.factories import UserFactory

    check = selfcheck.save_check(colleague, {competence("4.2"): 3})
    client.force_login(UserFactory())
    assert client.get(reverse("lotsen:self_check_result", args=[check.pk])).status_code == 404

"""import_staff: org units and staff from HR's CSV/XLSX files; dry run, all or nothing, German reports."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from learning import staff_import
from learning.models import AccessLogEntry, AccountDeactivation, OrgUnit, StaffProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNITS = """Kennung;Name;Übergeordnete Kennung;Kurzbezeichnung
OE1;Leistungsgewährung;;LG
OE11;Leistungsteam 1;OE1;LT1
OE12;Leistungsteam 2;OE1;LT2
OE2;Markt und Integration;;MI
OE21;Fallmanagement;OE2;FM
"""
STAFF = """Personalnummer;Benutzername;Vorname;Nachname;E-Mail;Organisationseinheit;BASS-Jahrgang;Eintrittsdatum;Aktiv
10001;abecker;Anna;Becker;anna.becker@jobcenter.example;OE11;;01.04.2019;ja
10002;bsommer;Bastian;Sommer;bastian.sommer@jobcenter.example;OE21;2025;01.10.2025;ja
10003;;Sevgi;Aydın;sevgi.aydin@jobcenter.example;Leistungsteam 2;;15.01.2020;ja
"""


def csv(text, encoding="utf-8-sig"):
    return text.replace("\n", "\r\n").encode(encoding)


def run(*files, **options):
    return staff_import.run([(name, data) for name, data in files], **options)


def state():
    User = get_user_model()
    return (
        list(OrgUnit.objects.order_by("pk").values_list("code", "name", "parent__code", "short_name")),
        list(
            User.objects.order_by("pk").values_list(
                "username", "first_name", "last_name", "email", "is_active", "staff_profile__org_unit__code",
                "staff_profile__personnel_number", "staff_profile__bass_cohort", "staff_profile__entry_date",
            )
        ),
        sorted(User.groups.through.objects.values_list("user__username", "group__name")),
    )  # fmt: skip


def test_units_and_staff_are_created_and_a_second_import_changes_nothing():
    result = run(("einheiten.csv", csv(UNITS)), ("beschaeftigte.csv", csv(STAFF)))
    assert result.written, result.summary()
    assert len(result.units_created) == 5 and len(result.staff_created) == 3
    anna = get_user_model().objects.get(username="abecker")
    assert anna.get_full_name() == "Anna Becker" and not anna.has_usable_password()
    assert anna.staff_profile.org_unit.name == "Leistungsteam 1"
    assert anna.staff_profile.org_unit.parent.name == "Leistungsgewährung"
    assert anna.staff_profile.personnel_number == "10001"
    assert str(anna.staff_profile.entry_date) == "2019-04-01"
    assert set(anna.groups.values_list("name", flat=True)) == {"Lernende"}
    bastian = get_user_model().objects.get(username="bsommer")
    assert bastian.staff_profile.bass_cohort == 2025
    assert set(bastian.groups.values_list("name", flat=True)) == {"Lernende", "BASS-Studierende"}
    # Without a login the personnel number is the login (as OIDC_PERSONNEL_NUMBER_CLAIM expects).
    sevgi = get_user_model().objects.get(username="10003")
    assert sevgi.staff_profile.org_unit.code == "OE12"
    assert AccessLogEntry.objects.filter(action="groups_changed", subject=anna).exists()

    before = state()
    again = run(("einheiten.csv", csv(UNITS)), ("beschaeftigte.csv", csv(STAFF)))
    assert state() == before
    assert not again.changes() and again.units_unchanged == 5 and again.staff_unchanged == 3


def test_the_dry_run_reports_and_writes_nothing():
    result = run(("einheiten.csv", csv(UNITS)), ("beschaeftigte.csv", csv(STAFF)), dry_run=True)
    assert result.ok and not result.written
    assert not OrgUnit.objects.exists() and not get_user_model().objects.exists()
    lines = result.summary()
    assert lines[0] == "Probelauf: Es wurde nichts geändert."
    assert "Beschäftigte: 3 neu, 0 geändert, 0 deaktiviert, 0 wieder aktiviert, 0 unverändert." in lines
    assert "- Anna Becker (10001), Zeile 2" in lines


def test_changes_and_a_full_export_deactivate_who_is_missing():
    run(("einheiten.csv", csv(UNITS)), ("beschaeftigte.csv", csv(STAFF)))
    admin = UserFactory(username="it", is_superuser=True)
    StaffProfile.objects.create(user=admin)
    changed = STAFF.replace("OE11;;01.04.2019", "OE12;;01.04.2019").splitlines()
    without_sevgi = "\n".join(changed[:3]) + "\n"
    preview = run(("einheiten.csv", csv(UNITS)), ("b.csv", csv(without_sevgi)), full=True, dry_run=True)
    assert preview.staff_changed == ["Anna Becker (10001), Zeile 2: Organisationseinheit"]
    assert preview.staff_deactivated == ["Sevgi Aydın (10003): nicht in der Datei"]

    result = run(("einheiten.csv", csv(UNITS)), ("b.csv", csv(without_sevgi)), full=True)
    assert result.written
    sevgi = get_user_model().objects.get(username="10003")
    assert not sevgi.is_active and AccountDeactivation.objects.filter(user=sevgi).exists()
    assert get_user_model().objects.get(username="it").is_active  # admins are no HR data
    assert get_user_model().objects.get(username="abecker").staff_profile.org_unit.code == "OE12"

    # Back in the next export: active again, and the retention clock stops.
    back = run(("b.csv", csv(STAFF.replace("OE11;;01.04.2019", "OE12;;01.04.2019"))))
    assert back.staff_reactivated == ["Sevgi Aydın (10003), Zeile 4"]
    assert get_user_model().objects.get(username="10003").is_active
    assert not AccountDeactivation.objects.filter(user__username="10003").exists()


def test_a_profile_is_matched_by_personnel_number_then_by_login():
    sso = UserFactory(username="ABECKER", first_name="A.", last_name="Becker")  # made by single sign-on
    result = run(("einheiten.csv", csv(UNITS)), ("b.csv", csv(STAFF)))
    assert result.written
    sso.refresh_from_db()
    assert sso.first_name == "Anna" and sso.staff_profile.personnel_number == "10001"
    assert get_user_model().objects.filter(username__iexact="abecker").count() == 1
    # A later login change at HR keeps the same account (found by the personnel number).
    renamed = STAFF.replace("10001;abecker;", "10001;abecker2;")
    assert run(("b.csv", csv(renamed))).staff_unchanged == 3


def test_windows_1252_and_a_comma_and_xlsx_are_read():
    text = UNITS.replace(";", ",")
    assert run(("einheiten.csv", csv(text, "cp1252"))).written
    assert OrgUnit.objects.get(code="OE1").name == "Leistungsgewährung"

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Beschäftigte"
    rows = [line.split(";") for line in STAFF.strip().splitlines()]
    for row in rows:
        sheet.append([int(cell) if cell.isdigit() and len(cell) == 5 else cell for cell in row])
    sheet["H2"] = datetime.datetime(2019, 4, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(("stammdaten.xlsx", buffer.getvalue()))
    assert result.written, result.summary()
    profile = StaffProfile.objects.get(personnel_number="10001")
    assert str(profile.entry_date) == "2019-04-01"


def problems_of(*files):
    before = state()
    result = run(*files)
    assert not result.ok
    assert state() == before
    return [str(problem) for problem in result.problems]


def test_a_missing_column_is_named():
    text = STAFF.replace(";E-Mail;", ";Mail-Adresse;")
    assert problems_of(("b.csv", csv(text))) == [
        "„b.csv“, Zeile 1: Die Spalte „E-Mail“ fehlt in der Kopfzeile."
    ]


def test_an_unknown_parent_and_a_cycle_are_named():
    unknown = UNITS + "OE3;Verwaltung;OE9;\n"
    assert problems_of(("e.csv", csv(unknown))) == [
        "„e.csv“, Zeile 7, Spalte C („Übergeordnete Kennung“): Die übergeordnete Kennung „OE9“ gibt es weder "
        "in der Datei noch in Lernhafen."
    ]
    cycle = UNITS.replace("OE1;Leistungsgewährung;;LG", "OE1;Leistungsgewährung;OE12;LG")
    (problem,) = problems_of(("e.csv", csv(cycle)))
    assert "Spalte C („Übergeordnete Kennung“): Die Einheiten bilden einen Kreis:" in problem
    assert "OE1 → OE12 → OE1" in problem


def test_a_cycle_through_stored_units_is_found():
    run(("e.csv", csv(UNITS)))
    # OE1 is stored above OE11; putting OE1 below OE11 closes a loop.
    (problem,) = problems_of(
        ("e.csv", csv("Kennung;Name;Übergeordnete Kennung\nOE1;Leistungsgewährung;OE11\n"))
    )
    assert "Kreis: OE1 → OE11 → OE1" in problem


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "10002;bsommer;",
            "10001;bsommer;",
            "„b.csv“, Zeile 3, Spalte A („Personalnummer“): Die Personalnummer „10001“ steht schon in Zeile 2.",
        ),
        (
            "anna.becker@jobcenter.example",
            "anna.becker@",
            "„b.csv“, Zeile 2, Spalte E („E-Mail“): „anna.becker@“ ist keine gültige E-Mail-Adresse.",
        ),
        (
            "01.04.2019",
            "31.02.2019",
            "„b.csv“, Zeile 2, Spalte H („Eintrittsdatum“): „31.02.2019“ ist kein gültiges Datum "
            "(TT.MM.JJJJ, z. B. 01.04.2025).",
        ),
        (
            ";2025;",
            ";zwanzig;",
            "„b.csv“, Zeile 3, Spalte G („BASS-Jahrgang“): „zwanzig“ ist kein Jahr (z. B. 2025).",
        ),
        (
            "OE21;",
            "OE99;",
            "„b.csv“, Zeile 3, Spalte F („Organisationseinheit“): Die Organisationseinheit „OE99“ gibt es weder "
            "in der Datei noch in Lernhafen.",
        ),
        (
            "01.04.2019;ja",
            "01.04.2019;vielleicht",
            "„b.csv“, Zeile 2, Spalte I („Aktiv“): „vielleicht“: bitte „ja“ oder „nein“ angeben.",
        ),
    ],
)
def test_one_bad_row_and_nothing_is_written(old, new, expected):
    assert problems_of(("e.csv", csv(UNITS)), ("b.csv", csv(STAFF.replace(old, new, 1)))) == [expected]


def test_a_file_too_large_or_not_a_table_is_refused(settings):
    settings.STAFF_IMPORT_MAX_BYTES = 1000
    (problem,) = problems_of(("gross.csv", b"x;" * 1000))
    assert "„gross.csv“ ist 0,0 MB groß; erlaubt sind höchstens" in problem
    settings.STAFF_IMPORT_MAX_BYTES = 5_000_000
    (problem,) = problems_of(("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "weder eine CSV-Datei noch eine Excel-Datei" in problem
    (problem,) = problems_of(("archiv.xlsx", b"PK\x03\x04" + b"kaputt" * 10))
    assert "keine Excel-Arbeitsmappe" in problem
    (problem,) = problems_of(("brief.csv", csv("Sehr geehrte Damen und Herren\nanbei die Liste\n")))
    assert "Die Kopfzeile passt weder zu einer Liste der Organisationseinheiten" in problem


def test_the_command_dry_run_and_errors(tmp_path):
    units, staff = tmp_path / "einheiten.csv", tmp_path / "beschaeftigte.csv"
    units.write_bytes(csv(UNITS))
    staff.write_bytes(csv(STAFF))
    out = io.StringIO()
    call_command("import_staff", str(units), str(staff), "--dry-run", stdout=out)
    assert "Probelauf: Es wurde nichts geändert." in out.getvalue() and not OrgUnit.objects.exists()
    call_command("import_staff", str(units), str(staff), stdout=io.StringIO())
    assert OrgUnit.objects.count() == 5 and StaffProfile.objects.count() == 3
    staff.write_bytes(csv(STAFF.replace("anna.becker@jobcenter.example", "kaputt")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nichts geändert"):
        call_command("import_staff", str(staff), stdout=out)
    assert "Zeile 2, Spalte E („E-Mail“)" in out.getvalue()

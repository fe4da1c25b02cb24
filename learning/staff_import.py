"""Master data from HR: org units and staff from CSV or XLSX, checked as a whole, then written in one go.

`run` reads the tables (courses.spreadsheets), checks every row and works out what would be created,
changed, deactivated or reactivated. Any problem, or a dry run, and nothing is written; otherwise everything
is written in one transaction. Org units are found by their HR key (Kennung), people by personnel number,
else by login; a full export deactivates the people it lacks (accounts are never deleted here: retention
deletes them after LERNHAFEN_RETENTION_INACTIVE_ACCOUNTS_MONTHS). Re-importing the same file changes nothing.
The caller enqueues what must happen after the commit (`ImportResult.requirement_ids`).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from courses.spreadsheets import SpreadsheetError, read_tables

from . import privacy, roles
from .models import AccessLogEntry, OrgUnit, StaffProfile, TrainingRequirement

MAX_PROBLEMS = 100


def max_bytes():
    return settings.STAFF_IMPORT_MAX_BYTES


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    aliases: tuple
    required: bool = False


def _norm(text):
    return re.sub(r"[\s_]+", " ", text.strip().rstrip(":").casefold().replace("-", " ")).strip()


UNIT_COLUMNS = (
    Column("code", "Kennung", ("kennung", "oe kennung", "organisationskennzeichen", "oe nummer"), True),
    Column("name", "Name", ("name", "bezeichnung"), True),
    Column("parent", "Übergeordnete Kennung", ("übergeordnete kennung", "übergeordnete einheit", "parent")),
    Column("short_name", "Kurzbezeichnung", ("kurzbezeichnung", "kurzname")),
)
STAFF_COLUMNS = (
    Column("personnel_number", "Personalnummer", ("personalnummer", "personal nr.", "pers. nr.", "persnr")),
    Column("username", "Benutzername", ("benutzername", "login", "anmeldename")),
    Column("first_name", "Vorname", ("vorname",), True),
    Column("last_name", "Nachname", ("nachname", "familienname"), True),
    Column("email", "E-Mail", ("e mail", "email", "e mail adresse", "mail"), True),
    Column("org_unit", "Organisationseinheit", ("organisationseinheit", "oe", "einheit"), True),
    Column("bass_cohort", "BASS-Jahrgang", ("bass jahrgang", "jahrgang")),
    Column("entry_date", "Eintrittsdatum", ("eintrittsdatum", "eintritt")),
    Column("active", "Aktiv", ("aktiv",)),
)
YES = {"ja", "j", "x", "1", "wahr", "true", "aktiv", "yes"}
NO = {"nein", "n", "0", "falsch", "false", "inaktiv", "no"}


def _letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One reason the import cannot go ahead, with the place in the file (German)."""

    table: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        place = [f"„{self.table}“"]
        if self.row is not None:
            place.append(f"Zeile {self.row}")
        if self.column is not None:
            place.append(f"Spalte {self.column}")
        return f"{', '.join(place)}: {self.message}"


class _Sheet:
    """A table with its columns mapped to keys; `cell(row, key)` and `where(key)` for messages."""

    def __init__(self, table, columns, problems):
        self.table, self.problems = table, problems
        self.index, self.headings = {}, {}
        by_alias = {_norm(alias): column for column in columns for alias in column.aliases}
        for position, heading in enumerate(table.header):
            column = by_alias.get(_norm(heading))
            if column is not None and column.key not in self.index:
                self.index[column.key] = position
                self.headings[column.key] = f"{_letter(position)} („{heading}“)"
        self.ok = True
        for column in columns:
            if column.required and column.key not in self.index:
                self.error(self.header_row, None, f"Die Spalte „{column.heading}“ fehlt in der Kopfzeile.")
                self.ok = False

    @property
    def header_row(self):
        return self.table.header_row

    def has(self, key):
        return key in self.index

    def cell(self, cells, key):
        position = self.index.get(key)
        return cells[position] if position is not None and position < len(cells) else ""

    def error(self, row, key, message):
        column = self.headings.get(key) if key else None
        self.problems.append(Problem(self.table.name, row, column, message))


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    parent: str
    short_name: str | None
    unit: OrgUnit | None = None


@dataclass
class StaffRow:
    row: int
    personnel_number: str
    username: str
    first_name: str
    last_name: str
    email: str | None
    org_unit: str
    bass_cohort: int | None
    entry_date: datetime.date | None
    active: bool
    has: frozenset = frozenset()
    user: object = None


@dataclass
class ImportResult:
    """What the import did (or, in a dry run or with problems, would do). Lists hold German descriptions."""

    dry_run: bool
    full: bool
    problems: list = field(default_factory=list)
    units_created: list = field(default_factory=list)
    units_changed: list = field(default_factory=list)
    units_unchanged: int = 0
    staff_created: list = field(default_factory=list)
    staff_changed: list = field(default_factory=list)
    staff_deactivated: list = field(default_factory=list)
    staff_reactivated: list = field(default_factory=list)
    staff_unchanged: int = 0
    requirement_ids: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def written(self):
        return self.ok and not self.dry_run

    def changes(self):
        return bool(
            self.units_created
            or self.units_changed
            or self.staff_created
            or self.staff_changed
            or self.staff_deactivated
            or self.staff_reactivated
        )

    def summary(self):
        """The report's lines (German): counts first, then problems or each change."""
        if self.problems:
            lines = [
                f"Der Import wurde nicht ausgeführt: {len(self.problems)} Problem(e). Es wurde nichts geändert."
            ]
            lines += [f"- {problem}" for problem in self.problems[:MAX_PROBLEMS]]
            if len(self.problems) > MAX_PROBLEMS:
                lines.append(f"- … und {len(self.problems) - MAX_PROBLEMS} weitere.")
            return lines
        verb = "würden" if self.dry_run else "wurden"
        lines = [
            "Probelauf: Es wurde nichts geändert." if self.dry_run else "Import abgeschlossen.",
            f"Organisationseinheiten: {len(self.units_created)} neu, {len(self.units_changed)} geändert, "
            f"{self.units_unchanged} unverändert.",
            f"Beschäftigte: {len(self.staff_created)} neu, {len(self.staff_changed)} geändert, "
            f"{len(self.staff_deactivated)} deaktiviert, {len(self.staff_reactivated)} wieder aktiviert, "
            f"{self.staff_unchanged} unverändert.",
        ]
        for title, items in self.sections(verb):
            lines.append(f"{title}:")
            lines += [f"- {item}" for item in items]
        return lines

    def sections(self, verb=None):
        verb = verb or ("würden" if self.dry_run else "wurden")
        return [
            (title, items)
            for title, items in (
                (f"Einheiten, die angelegt {verb}", self.units_created),
                (f"Einheiten, die geändert {verb}", self.units_changed),
                (f"Beschäftigte, die angelegt {verb}", self.staff_created),
                (f"Beschäftigte, die geändert {verb}", self.staff_changed),
                (f"Beschäftigte, die deaktiviert {verb}", self.staff_deactivated),
                (f"Beschäftigte, die wieder aktiviert {verb}", self.staff_reactivated),
            )
            if items
        ]


def read(files):
    """The tables of uploaded files: (name, bytes) pairs. Raises SpreadsheetError."""
    tables = []
    for name, data in files:
        tables.extend(read_tables(data, name, max_bytes()))
    return tables


def run(files, full=False, dry_run=False, actor=None):
    """Read, check and (unless dry_run or a problem) write. Never raises for bad input: problems are in
    the result."""
    result = ImportResult(dry_run=dry_run, full=full)
    try:
        tables = read(files)
    except SpreadsheetError as error:
        name = files[0][0] if len(files) == 1 else "Datei"
        result.problems.append(Problem(name, None, None, str(error).rstrip(".") + "."))
        return result
    with transaction.atomic():
        plan = _Plan(tables, full, result)
        plan.check()
        if result.ok and not dry_run:
            plan.write(actor)
    return result


class _Plan:
    def __init__(self, tables, full, result):
        self.tables, self.full, self.result = tables, full, result
        self.problems = result.problems
        self.units = {}  # code -> UnitRow
        self.staff = []

    # Reading and checking

    def check(self):
        unit_sheet = staff_sheet = None
        for table in self.tables:
            header = {_norm(cell) for cell in table.header}
            if header & {_norm(alias) for alias in ("nachname", "familienname")}:
                kind, sheet = "staff", staff_sheet
            elif header & {_norm(alias) for alias in UNIT_COLUMNS[0].aliases}:
                kind, sheet = "units", unit_sheet
            else:
                self.problems.append(
                    Problem(
                        table.name,
                        table.header_row,
                        None,
                        "Die Kopfzeile passt weder zu einer Liste der Organisationseinheiten (Kennung; Name; "
                        "Übergeordnete Kennung) noch zu einer Liste der Beschäftigten (Personalnummer; "
                        "Benutzername; Vorname; Nachname; E-Mail; Organisationseinheit; …).",
                    )
                )
                continue
            if sheet is not None:
                self.problems.append(
                    Problem(table.name, None, None, "Es darf nur eine Liste dieser Art geben.")
                )
                continue
            if kind == "staff":
                staff_sheet = _Sheet(table, STAFF_COLUMNS, self.problems)
            else:
                unit_sheet = _Sheet(table, UNIT_COLUMNS, self.problems)
        if staff_sheet is None and unit_sheet is None:
            return
        if unit_sheet is not None and unit_sheet.ok:
            self._check_units(unit_sheet)
        if staff_sheet is not None and staff_sheet.ok:
            if not (staff_sheet.has("personnel_number") or staff_sheet.has("username")):
                staff_sheet.error(
                    staff_sheet.header_row,
                    None,
                    "Es fehlt die Spalte „Personalnummer“ oder „Benutzername“ (mindestens eine von beiden).",
                )
            else:
                self._check_staff(staff_sheet)
        if self.problems:
            return
        self._plan_units()
        if staff_sheet is not None and not self.problems:
            self._plan_staff(staff_sheet)

    def _check_units(self, sheet):
        seen = {}
        for number, cells in sheet.table.rows:
            code = sheet.cell(cells, "code")
            name = sheet.cell(cells, "name")
            if not code:
                sheet.error(number, "code", "Die Kennung fehlt.")
                continue
            if len(code) > OrgUnit._meta.get_field("code").max_length:
                sheet.error(number, "code", "Die Kennung ist länger als 40 Zeichen.")
                continue
            if code.casefold() in seen:
                sheet.error(
                    number, "code", f"Die Kennung „{code}“ steht schon in Zeile {seen[code.casefold()]}."
                )
                continue
            seen[code.casefold()] = number
            if not name:
                sheet.error(number, "name", "Der Name fehlt.")
            elif len(name) > OrgUnit._meta.get_field("name").max_length:
                sheet.error(number, "name", "Der Name ist länger als 120 Zeichen.")
            short = sheet.cell(cells, "short_name") if sheet.has("short_name") else None
            if short and len(short) > OrgUnit._meta.get_field("short_name").max_length:
                sheet.error(number, "short_name", "Die Kurzbezeichnung ist länger als 20 Zeichen.")
            self.units[code] = UnitRow(number, code, name, sheet.cell(cells, "parent"), short)
        self.unit_sheet = sheet
        existing = {unit.code: unit for unit in OrgUnit.objects.exclude(code="")}
        self.existing_units = existing
        for row in self.units.values():
            if row.parent and row.parent not in self.units and row.parent not in existing:
                sheet.error(
                    row.row,
                    "parent",
                    f"Die übergeordnete Kennung „{row.parent}“ gibt es weder in der Datei noch in Lernhafen.",
                )
            if row.parent == row.code:
                sheet.error(row.row, "parent", "Eine Einheit kann nicht sich selbst untergeordnet sein.")
        if not self.problems:
            self._check_cycles(sheet, existing)
        names = {}
        for row in self.units.values():
            key = (row.parent, row.name.casefold())
            if key in names:
                sheet.error(
                    row.row,
                    "name",
                    f"Die Einheit „{row.name}“ steht mit derselben übergeordneten Einheit schon in Zeile "
                    f"{names[key]}.",
                )
            names[key] = row.row

    def _check_cycles(self, sheet, existing):
        """The tree as it would be after the import (the file's parents over the stored ones) has no loop."""
        parent_of = {unit.code: unit.parent.code if unit.parent else "" for unit in existing.values()}
        parent_of |= {row.code: row.parent for row in self.units.values()}
        reported = set()
        for row in self.units.values():
            path, code = [row.code], row.parent
            while code and code not in path:
                path.append(code)
                code = parent_of.get(code, "")
            if code and code == row.code and row.code not in reported:
                reported.update(path)
                loop = " → ".join([*path, row.code])
                sheet.error(row.row, "parent", f"Die Einheiten bilden einen Kreis: {loop}.")

    def _check_staff(self, sheet):
        User = get_user_model()
        by_number, by_login = {}, {}
        file_unit_names = {}
        for row in self.units.values():
            file_unit_names.setdefault(row.name.casefold(), []).append(row.code)
        units_by_code = {unit.code: unit for unit in OrgUnit.objects.exclude(code="")}
        units_by_name = {}
        for unit in OrgUnit.objects.all():
            units_by_name.setdefault(unit.name.casefold(), []).append(unit)
        self.units_by_code = units_by_code
        for number, cells in sheet.table.rows:
            value = {key: sheet.cell(cells, key) for key in sheet.index}
            personnel_number = value.get("personnel_number", "")
            username = value.get("username", "") or personnel_number
            if not username:
                sheet.error(
                    number,
                    "personnel_number" if sheet.has("personnel_number") else "username",
                    "Personalnummer und Benutzername fehlen; mindestens eines von beiden wird gebraucht.",
                )
                continue
            bad = False
            if len(personnel_number) > StaffProfile._meta.get_field("personnel_number").max_length:
                sheet.error(number, "personnel_number", "Die Personalnummer ist länger als 40 Zeichen.")
                bad = True
            try:
                User.username_validator(username)
                if len(username) > 150:
                    raise ValidationError("too long")
            except ValidationError:
                key = "username" if value.get("username") else "personnel_number"
                sheet.error(
                    number,
                    key,
                    f"„{username}“ taugt nicht als Benutzername: erlaubt sind höchstens 150 Buchstaben, "
                    "Ziffern und @ . + - _.",
                )
                bad = True
            if personnel_number:
                if personnel_number in by_number:
                    sheet.error(
                        number,
                        "personnel_number",
                        f"Die Personalnummer „{personnel_number}“ steht schon in Zeile {by_number[personnel_number]}.",
                    )
                    bad = True
                by_number.setdefault(personnel_number, number)
            login_key = username.casefold()
            if login_key in by_login:
                key = "username" if value.get("username") else "personnel_number"
                sheet.error(
                    number, key, f"Der Benutzername „{username}“ steht schon in Zeile {by_login[login_key]}."
                )
                bad = True
            by_login.setdefault(login_key, number)
            for key, label in (("first_name", "Der Vorname"), ("last_name", "Der Nachname")):
                if not value[key]:
                    sheet.error(number, key, f"{label} fehlt.")
                    bad = True
                elif len(value[key]) > 150:
                    sheet.error(number, key, f"{label} ist länger als 150 Zeichen.")
                    bad = True
            email = value["email"]
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    sheet.error(number, "email", f"„{email}“ ist keine gültige E-Mail-Adresse.")
                    bad = True
            unit_ref = value["org_unit"]
            if not unit_ref:
                sheet.error(number, "org_unit", "Die Organisationseinheit fehlt.")
                bad = True
            elif not (
                unit_ref in self.units
                or unit_ref in units_by_code
                or len(file_unit_names.get(unit_ref.casefold(), [])) == 1
                or (
                    not file_unit_names.get(unit_ref.casefold())
                    and len(units_by_name.get(unit_ref.casefold(), [])) == 1
                )
            ):
                several = len(file_unit_names.get(unit_ref.casefold(), [])) + len(
                    units_by_name.get(unit_ref.casefold(), [])
                )
                sheet.error(
                    number,
                    "org_unit",
                    f"Die Organisationseinheit „{unit_ref}“ ist mehrdeutig; bitte geben Sie ihre Kennung an."
                    if several > 1
                    else f"Die Organisationseinheit „{unit_ref}“ gibt es weder in der Datei noch in Lernhafen.",
                )
                bad = True
            cohort = None
            if value.get("bass_cohort"):
                try:
                    cohort = int(value["bass_cohort"])
                    if not 1990 <= cohort <= 2100:
                        raise ValueError
                except ValueError:
                    sheet.error(
                        number, "bass_cohort", f"„{value['bass_cohort']}“ ist kein Jahr (z. B. 2025)."
                    )
                    bad = True
            entry = None
            if value.get("entry_date"):
                entry = _date(value["entry_date"])
                if entry is None:
                    sheet.error(
                        number,
                        "entry_date",
                        f"„{value['entry_date']}“ ist kein gültiges Datum (TT.MM.JJJJ, z. B. 01.04.2025).",
                    )
                    bad = True
            active = True
            if value.get("active"):
                flag = value["active"].casefold()
                if flag not in YES | NO:
                    sheet.error(number, "active", f"„{value['active']}“: bitte „ja“ oder „nein“ angeben.")
                    bad = True
                active = flag in YES
            if bad:
                continue
            self.staff.append(
                StaffRow(
                    row=number,
                    personnel_number=personnel_number,
                    username=username,
                    first_name=value["first_name"],
                    last_name=value["last_name"],
                    email=email,
                    org_unit=unit_ref,
                    bass_cohort=cohort,
                    entry_date=entry,
                    active=active,
                    has=frozenset(sheet.index),
                )
            )
        self.units_by_name = units_by_name

    # Working out the changes

    def _plan_units(self):
        """Match each unit of the file to a stored one (by Kennung, else by name below the same parent when
        that one has no Kennung yet) and note what changes. Parents come before their children."""
        result = self.result
        existing = getattr(self, "existing_units", {})
        ordered, placed = [], set()
        pending = list(self.units.values())
        while pending:
            progress = [
                row
                for row in pending
                if not row.parent or row.parent not in self.units or row.parent in placed
            ]
            ordered += progress
            placed.update(row.code for row in progress)
            pending = [row for row in pending if row.code not in placed]
        self.unit_order = ordered
        self.unit_changes = {}
        for row in ordered:
            parent = self._parent_unit(row)
            unit = existing.get(row.code)
            if unit is None and (parent is None or parent.pk is not None):
                unit = OrgUnit.objects.filter(code="", parent=parent, name__iexact=row.name).first()
            if unit is None:
                row.unit = OrgUnit(code=row.code, name=row.name, short_name=row.short_name or "")
                result.units_created.append(f"{row.name} ({row.code}), Zeile {row.row}")
                continue
            row.unit = unit
            changes = {}
            if unit.code != row.code:
                changes["code"] = row.code
            if unit.name != row.name:
                changes["name"] = row.name
            if row.short_name is not None and unit.short_name != row.short_name:
                changes["short_name"] = row.short_name
            if parent is None:
                moved = unit.parent_id is not None
            else:
                moved = parent.pk is None or parent.pk != unit.parent_id
            if moved:
                changes["parent"] = parent
            if changes:
                self.unit_changes[row.code] = changes
                labels = {
                    "code": "Kennung",
                    "name": "Name",
                    "short_name": "Kurzbezeichnung",
                    "parent": "übergeordnete Einheit",
                }
                result.units_changed.append(
                    f"{row.name} ({row.code}), Zeile {row.row}: " + ", ".join(labels[key] for key in changes)
                )
            else:
                result.units_unchanged += 1

    def _parent_unit(self, row):
        if not row.parent:
            return None
        if row.parent in self.units:
            return self.units[row.parent].unit
        return self.existing_units[row.parent]

    def _unit_for(self, reference):
        """The OrgUnit (stored or about to be) a staff row names."""
        if reference in self.units:
            return self.units[reference].unit
        if reference in self.units_by_code:
            return self.units_by_code[reference]
        by_name = [row for row in self.units.values() if row.name.casefold() == reference.casefold()]
        if by_name:
            return by_name[0].unit
        return self.units_by_name[reference.casefold()][0]

    def _plan_staff(self, sheet):
        User = get_user_model()
        result = self.result
        numbers = [row.personnel_number for row in self.staff if row.personnel_number]
        profiles = {
            profile.personnel_number: profile
            for profile in StaffProfile.objects.filter(personnel_number__in=numbers).select_related("user")
        }
        users = {
            user.get_username().casefold(): user
            for user in User.objects.filter(
                **{f"{User.USERNAME_FIELD}__in": {row.username for row in self.staff}}
            ).select_related("staff_profile")
        }
        # Logins differ in case between HR and the directory; match them without case (one more query).
        missing = [row.username for row in self.staff if row.username.casefold() not in users]
        if missing:
            lowered = {name.casefold() for name in missing}
            for user in User.objects.select_related("staff_profile"):
                if user.get_username().casefold() in lowered:
                    users.setdefault(user.get_username().casefold(), user)
        matched_ids = set()
        self.staff_changes = []
        for row in self.staff:
            by_number = profiles[row.personnel_number].user if row.personnel_number in profiles else None
            by_login = users.get(row.username.casefold())
            if by_number is not None and by_login is not None and by_number.pk != by_login.pk:
                sheet.error(
                    row.row,
                    "username",
                    f"Die Personalnummer „{row.personnel_number}“ gehört zum Konto „{by_number.get_username()}“, "
                    f"der Benutzername „{row.username}“ zu einem anderen Konto.",
                )
                continue
            user = by_number or by_login
            if user is not None and by_number is None and row.personnel_number:
                other = getattr(getattr(user, "staff_profile", None), "personnel_number", "")
                if other and other != row.personnel_number:
                    sheet.error(
                        row.row,
                        "personnel_number",
                        f"Das Konto „{user.get_username()}“ hat schon die Personalnummer „{other}“.",
                    )
                    continue
            if user is not None and user.pk in matched_ids:
                sheet.error(
                    row.row,
                    "username",
                    f"Das Konto „{user.get_username()}“ steht schon in einer anderen Zeile.",
                )
                continue
            row.user = user
            label = (
                f"{row.first_name} {row.last_name} ({row.personnel_number or row.username}), Zeile {row.row}"
            )
            if user is None:
                result.staff_created.append(label + ("" if row.active else " – inaktiv"))
                continue
            matched_ids.add(user.pk)
            changes = self._staff_changes(row, user)
            if "is_active" in changes:
                (result.staff_reactivated if row.active else result.staff_deactivated).append(label)
                if len(changes) > 1:
                    result.staff_changed.append(
                        label + ": " + ", ".join(STAFF_LABELS[key] for key in changes if key != "is_active")
                    )
            elif changes:
                result.staff_changed.append(label + ": " + ", ".join(STAFF_LABELS[key] for key in changes))
            else:
                result.staff_unchanged += 1
            self.staff_changes.append((row, user, changes))
        self.to_deactivate = []
        if self.full and not self.problems:
            gone = (
                User.objects.filter(is_active=True, is_superuser=False, staff_profile__isnull=False)
                .exclude(pk__in=matched_ids)
                .select_related("staff_profile")
                .order_by("last_name", "first_name")
            )
            for user in gone:
                self.to_deactivate.append(user)
                number = user.staff_profile.personnel_number or user.get_username()
                result.staff_deactivated.append(
                    f"{user.get_full_name() or user.get_username()} ({number}): nicht in der Datei"
                )

    def _staff_changes(self, row, user):
        profile = getattr(user, "staff_profile", None)
        unit = self._unit_for(row.org_unit)
        changes = {}
        for key in ("first_name", "last_name"):
            if getattr(user, key) != getattr(row, key):
                changes[key] = getattr(row, key)
        if row.email and user.email != row.email:
            changes["email"] = row.email
        if user.is_active != row.active:
            changes["is_active"] = row.active
        current_unit = profile.org_unit if profile else None
        if unit.pk is None or current_unit is None or current_unit.pk != unit.pk:
            changes["org_unit"] = unit
        if row.personnel_number and (profile is None or profile.personnel_number != row.personnel_number):
            changes["personnel_number"] = row.personnel_number
        if "bass_cohort" in row.has and (profile.bass_cohort if profile else None) != row.bass_cohort:
            changes["bass_cohort"] = row.bass_cohort
        if "entry_date" in row.has and (profile.entry_date if profile else None) != row.entry_date:
            changes["entry_date"] = row.entry_date
        return changes

    # Writing (inside the caller's transaction)

    def write(self, actor):
        for row in self.unit_order:
            unit = row.unit
            changes = self.unit_changes.get(row.code, {})
            if unit.pk is None:
                unit.parent = self._parent_unit(row)
                unit.save()
            elif changes:
                for key, value in changes.items():
                    setattr(unit, key, value)
                unit.save()
        self._write_staff(actor)
        self.result.requirement_ids = list(
            TrainingRequirement.objects.filter(active=True).values_list("pk", flat=True)
        )

    def _write_staff(self, actor):
        User = get_user_model()
        if not hasattr(self, "staff_changes"):
            return
        new_rows = [row for row in self.staff if row.user is None]
        unusable = make_password(None)
        accounts = User.objects.bulk_create(
            [
                User(
                    username=row.username,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    email=row.email or "",
                    is_active=row.active,
                    password=unusable,
                )
                for row in new_rows
            ]
        )
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(
                    user=account,
                    org_unit=self._unit_for(row.org_unit),
                    personnel_number=row.personnel_number,
                    bass_cohort=row.bass_cohort,
                    entry_date=row.entry_date,
                )
                for row, account in zip(new_rows, accounts, strict=True)
            ]
        )
        learners = Group.objects.get(name=roles.LEARNERS)
        bass = Group.objects.get(name=roles.BASS_STUDENTS)
        memberships = [User.groups.through(user_id=account.pk, group_id=learners.pk) for account in accounts]
        memberships += [
            User.groups.through(user_id=account.pk, group_id=bass.pk)
            for row, account in zip(new_rows, accounts, strict=True)
            if row.bass_cohort
        ]
        User.groups.through.objects.bulk_create(memberships)
        reasons = {
            account.pk: "Stammdatenimport: Gruppen: + Lernende"
            + (", + BASS-Studierende" if row.bass_cohort else "")
            for row, account in zip(new_rows, accounts, strict=True)
        }
        privacy.log_security_events(actor, AccessLogEntry.Action.GROUPS_CHANGED, reasons)
        inactive = [account for account in accounts if not account.is_active]
        for account in inactive:
            account.save(update_fields=["is_active"])  # the deactivation's date, for retention

        for _row, user, changes in self.staff_changes:
            user_fields = [key for key in ("first_name", "last_name", "email", "is_active") if key in changes]
            for key in user_fields:
                setattr(user, key, changes[key])
            if user_fields:
                user.save(update_fields=user_fields)
            profile_fields = [
                key for key in ("org_unit", "personnel_number", "bass_cohort", "entry_date") if key in changes
            ]
            if profile_fields:
                profile, _created = StaffProfile.objects.get_or_create(user=user)
                for key in profile_fields:
                    setattr(profile, key, changes[key])
                profile.save()
            if changes.get("bass_cohort"):
                user.groups.add(bass)
        for user in self.to_deactivate:
            user.is_active = False
            user.save(update_fields=["is_active"])


STAFF_LABELS = {
    "first_name": "Vorname",
    "last_name": "Nachname",
    "email": "E-Mail",
    "is_active": "Aktiv",
    "org_unit": "Organisationseinheit",
    "personnel_number": "Personalnummer",
    "bass_cohort": "BASS-Jahrgang",
    "entry_date": "Eintrittsdatum",
}


def _date(text):
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            value = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return value if 1950 <= value.year <= 2100 else None
    return None

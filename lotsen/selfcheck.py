"""The "Digitaler Kompetenz-Check": statements, storing a check, and the result with comparison and tips."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Competence, CoursePage

from . import routing, services
from .models import Lotse, SelfAssessment, SelfCheck, SelfLevel

# One concrete statement from job-centre work per DigComp 2.2 competence.
STATEMENTS = {
    "1.1": _(
        "Ich finde im Intranet und in der Wissensdatenbank schnell die aktuelle Weisung, die ich für einen Fall brauche."
    ),
    "1.2": _(
        "Ich prüfe, ob eine Information aus dem Internet aus einer verlässlichen Quelle stammt, bevor ich sie an Kundinnen und Kunden weitergebe."
    ),
    "1.3": _("Ich lege Dokumente in der E-Akte so ab, dass Kolleginnen und Kollegen sie wiederfinden."),
    "2.1": _(
        "Ich führe eine Videoberatung mit einer Kundin oder einem Kunden durch, auch wenn die Technik hakt."
    ),
    "2.2": _(
        "Ich teile Dateien mit Kolleginnen und Kollegen über die freigegebenen Ablagen statt als E-Mail-Anhang."
    ),
    "2.3": _(
        "Ich kann Kundinnen und Kunden zeigen, wie sie einen Antrag online stellen und Unterlagen hochladen."
    ),
    "2.4": _("Ich arbeite mit meinem Team gleichzeitig an einem Dokument und in einem gemeinsamen Kanal."),
    "2.5": _(
        "Ich schreibe E-Mails und Chat-Nachrichten an Kundinnen und Kunden freundlich, klar und verständlich."
    ),
    "2.6": _(
        "Ich weiß, welche Angaben über mich in Teams und im Telefonverzeichnis sichtbar sind, und halte sie aktuell."
    ),
    "3.1": _("Ich erstelle ein Anschreiben oder eine Tabelle, die gut lesbar und barrierefrei ist."),
    "3.2": _("Ich passe eine vorhandene Vorlage an einen neuen Zweck an, ohne sie zu beschädigen."),
    "3.3": _(
        "Ich weiß, welche Bilder und Texte aus dem Internet ich in Handzetteln für Kundinnen und Kunden verwenden darf."
    ),
    "3.4": _(
        "Ich lasse wiederkehrende Arbeitsschritte vom Computer erledigen, zum Beispiel mit Serienbriefen oder Formeln in einer Tabelle."
    ),
    "4.1": _("Ich erkenne eine Phishing-Mail und weiß, wem ich sie melde."),
    "4.2": _("Ich erkenne, welche Sozialdaten ich per E-Mail nicht unverschlüsselt senden darf."),
    "4.3": _("Ich richte meinen Bildschirmarbeitsplatz gesund ein und mache bewusst Pausen vom Bildschirm."),
    "4.4": _("Ich drucke nur, was nötig ist, und schalte Geräte nach Dienstschluss aus."),
    "5.1": _(
        "Ich löse einfache Technikprobleme selbst, zum Beispiel wenn Headset oder Kamera in der Videoberatung nicht gehen."
    ),
    "5.2": _(
        "Ich erkenne, welches digitale Angebot einer Kundin oder einem Kunden weiterhilft, zum Beispiel die App oder der Online-Antrag."
    ),
    "5.3": _("Ich mache meinem Team Vorschläge, wie wir einen Ablauf auf Papier digital einfacher machen."),
    "5.4": _("Ich erkenne, was ich digital noch lernen möchte, und suche mir passende Kurse oder Hilfe."),
}
TIPS = 3  # weakest competences that get course and Lotse suggestions

BETTER, SAME, WORSE = "better", "same", "worse"
TREND_LABELS = {BETTER: _("besser"), SAME: _("gleich"), WORSE: _("schwächer")}


def competences():
    """The 21 competences of the check in framework order, with their areas: [(area, [competence])]."""
    rows = list(Competence.objects.filter(framework="DigComp 2.2").order_by("code"))
    areas = [row for row in rows if row.is_area]
    return [(area, [row for row in rows if row.area_code == area.code]) for area in areas]


@transaction.atomic
def save_check(user, levels):
    """Store one check; `levels` maps every competence to a level 1–4."""
    check = SelfCheck.objects.create(user=user)
    today = timezone.localdate(check.created_at)
    SelfAssessment.objects.bulk_create(
        SelfAssessment(self_check=check, user=user, competence=competence, level=level, date=today)
        for competence, level in levels.items()
    )
    return check


@dataclass
class Row:
    competence: Competence
    level: int
    previous: int | None = None

    @property
    def statement(self):
        return STATEMENTS.get(self.competence.code, self.competence.title_de)

    @property
    def percent(self):
        return self.level * 25

    @property
    def trend(self):
        if self.previous is None:
            return None
        return BETTER if self.level > self.previous else SAME if self.level == self.previous else WORSE

    @property
    def trend_label(self):
        return TREND_LABELS.get(self.trend, "")


@dataclass
class AreaResult:
    area: Competence
    rows: list = field(default_factory=list)

    @property
    def average(self):
        return round(sum(row.level for row in self.rows) / len(self.rows), 1) if self.rows else 0

    @property
    def previous_average(self):
        previous = [row.previous for row in self.rows if row.previous is not None]
        return (
            round(sum(previous) / len(previous), 1) if len(previous) == len(self.rows) and previous else None
        )

    @property
    def percent(self):
        return round(self.average * 25)

    @property
    def trend_label(self):
        previous = self.previous_average
        if previous is None:
            return ""
        return TREND_LABELS[
            BETTER if self.average > previous else SAME if self.average == previous else WORSE
        ]


@dataclass
class Tip:
    row: Row
    courses: list
    lotsen: list


def result(check):
    """Everything the result page shows for one check (a fixed number of queries)."""
    levels = {a.competence_id: a.level for a in check.assessments.all()}
    previous_check = (
        SelfCheck.objects.filter(user_id=check.user_id, created_at__lt=check.created_at)
        .order_by("-created_at")
        .first()
    )
    previous = (
        dict(previous_check.assessments.values_list("competence_id", "level")) if previous_check else {}
    )
    areas = []
    for area, members in competences():
        rows = [Row(c, levels[c.pk], previous.get(c.pk)) for c in members if c.pk in levels]
        if rows:
            areas.append(AreaResult(area, rows))
    all_rows = [row for area in areas for row in area.rows]
    weakest = sorted(
        (row for row in all_rows if row.level < SelfLevel.GUIDES_OTHERS),
        key=lambda row: (row.level, row.competence.code),
    )
    return {
        "check": check,
        "previous_check": previous_check,
        "areas": areas,
        "tips": tips(check.user, weakest[:TIPS]),
        "levels": SelfLevel.choices,
    }


def tips(user, rows):
    """Live courses and active Lotsen for each weak competence; Lotsen for the person's unit first."""
    ids = [row.competence.pk for row in rows]
    course_ids = {pk: [] for pk in ids}
    for course_id, competence_id in (
        CoursePage.objects.live()
        .filter(course_competences__competence_id__in=ids)
        .values_list("pk", "course_competences__competence_id")
    ):
        course_ids[competence_id].append(course_id)
    pages = CoursePage.objects.live().in_bulk({pk for pks in course_ids.values() for pk in pks})
    need = routing.Need(unit_chain=services.unit_chain(user))
    lotsen = {pk: [] for pk in ids}
    links = (
        Lotse.competences.through.objects.filter(competence_id__in=ids, lotse__active=True)
        .exclude(lotse__user=user)
        .select_related("lotse__user")
        .prefetch_related("lotse__org_units")
    )
    for link in links:
        candidate = routing.Candidate(
            lotse_id=link.lotse_id, unit_ids=frozenset(unit.pk for unit in link.lotse.org_units.all())
        )
        distance = routing.coverage_distance(candidate, need)
        rank = (distance is None, distance or 0, link.lotse.name)
        lotsen[link.competence_id].append((rank, link.lotse))
    return [
        Tip(
            row=row,
            courses=sorted(
                (pages[pk] for pk in course_ids[row.competence.pk] if pk in pages), key=lambda c: c.title
            ),
            lotsen=[lotse for _rank, lotse in sorted(lotsen[row.competence.pk], key=lambda e: e[0])[:2]],
        )
        for row in rows
    ]

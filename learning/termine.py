"""Registration for course dates: places, the waiting list and its move-up, cancelling, attendance.

Every function here is atomic and changes nothing when it refuses (TerminError with a German message, or
PermissionDenied). None of them enqueues anything: each returns the notices that must go out, and the view
or `learning.tasks` sends them after commit (`Notice`). Places are counted under a row lock on the date, so
two people taking the last place at the same moment get one place and one waiting-list spot.
"""

import datetime
import enum
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.models import Termin

from . import completion
from .models import Registration, TrainingRequirement

State = Registration.State
Attendance = Registration.Attendance
ACTIVE = (State.CONFIRMED, State.WAITING)
# Trainers may mark attendance from a quarter of an hour before the start (people arrive early).
ATTENDANCE_EARLY = datetime.timedelta(minutes=15)
# Registered participants see the video link on the course page from this long before the start.
VIDEO_LINK_LEAD = datetime.timedelta(minutes=30)


class Kind(enum.StrEnum):
    """What a notice tells the person."""

    INVITATION = "invitation"  # a place: METHOD:REQUEST
    MOVED_UP = "moved_up"  # from the waiting list to a place: METHOD:REQUEST
    UPDATE = "update"  # the date changed: METHOD:REQUEST with a higher SEQUENCE
    CANCELLATION = "cancellation"  # cancelled by the person, or the date was called off: METHOD:CANCEL
    WAITING = "waiting"  # on the waiting list: no calendar entry yet


@dataclass(frozen=True)
class Notice:
    registration_id: int
    kind: Kind


@dataclass
class Outcome:
    registration: Registration | None = None
    notices: list = field(default_factory=list)
    # Whose course needs a completion check (attendance was marked present).
    completion_checks: list = field(default_factory=list)


class TerminError(ValueError):
    """The action is not possible now; the message is German and says why."""


def _date(value):
    return formats.date_format(timezone.localtime(value), "j. F Y, H:i")


def _locked(termin_id):
    termin = Termin.objects.select_for_update().select_related("course").filter(pk=termin_id).first()
    if termin is None:
        raise TerminError(_("Diesen Termin gibt es nicht."))
    return termin


def confirmed_count(termin):
    return termin.registrations.filter(state=State.CONFIRMED).count()


def register(user, termin_id, now=None):
    """Give `user` a place on the date, or a spot on its waiting list when it is full."""
    now = now or timezone.now()
    with transaction.atomic():
        termin = _locked(termin_id)
        if termin.cancelled:
            raise TerminError(_("Dieser Termin wurde abgesagt."))
        if termin.starts_at <= now:
            raise TerminError(_("Dieser Termin hat schon begonnen. Eine Anmeldung ist nicht mehr möglich."))
        if termin.registration_closes_at < now:
            raise TerminError(
                _("Die Anmeldung war bis %(date)s Uhr möglich.")
                % {"date": _date(termin.registration_closes_at)}
            )
        existing = Registration.objects.filter(termin=termin, user=user).first()
        if existing is not None and existing.state == State.CONFIRMED:
            raise TerminError(_("Sie sind für diesen Termin schon angemeldet."))
        if existing is not None and existing.state == State.WAITING:
            raise TerminError(_("Sie stehen für diesen Termin schon auf der Warteliste."))
        other = (
            Registration.objects.filter(
                user=user, termin__course=termin.course, state__in=ACTIVE, termin__ends_at__gt=now
            )
            .exclude(termin=termin)
            .select_related("termin")
            .first()
        )
        if other is not None:
            raise TerminError(
                _(
                    "Sie sind schon für den Termin am %(date)s angemeldet. Melden Sie sich dort zuerst ab, "
                    "wenn Sie lieber an diesem Termin teilnehmen möchten."
                )
                % {"date": other.termin.when_label}
            )
        try:
            completion.enrol(user, termin.course)
        except completion.EnrolmentError as error:
            raise TerminError(str(error)) from error
        state = State.CONFIRMED if confirmed_count(termin) < termin.capacity else State.WAITING
        registration = existing or Registration(termin=termin, user=user)
        if existing is not None:
            registration.sequence += 1
        registration.state = state
        registration.queued_at = now
        registration.attendance = ""
        registration.invited = state == State.CONFIRMED
        registration.save()
        kind = Kind.INVITATION if state == State.CONFIRMED else Kind.WAITING
        return Outcome(registration=registration, notices=[Notice(registration.pk, kind)])


def cancel(user, registration_id, now=None):
    """Cancel `user`'s own registration until the cancellation deadline; a freed place moves the waiting
    list up. Someone else's registration: PermissionDenied (nothing changes)."""
    now = now or timezone.now()
    with transaction.atomic():
        termin_id = (
            Registration.objects.filter(pk=registration_id).values_list("termin_id", flat=True).first()
        )
        if termin_id is None:
            raise PermissionDenied
        termin = _locked(termin_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.user_id != user.pk:
            raise PermissionDenied
        if registration.state == State.CANCELLED:
            raise TerminError(_("Sie sind für diesen Termin nicht mehr angemeldet."))
        if registration.state == State.CONFIRMED and termin.cancellation_closes_at < now:
            raise TerminError(
                _(
                    "Eine Abmeldung war bis %(date)s Uhr möglich. Bitte sagen Sie der Trainerin oder dem "
                    "Trainer direkt ab."
                )
                % {"date": _date(termin.cancellation_closes_at)}
            )
        if termin.starts_at <= now:
            raise TerminError(_("Dieser Termin hat schon begonnen."))
        was_invited = registration.invited
        registration.state = State.CANCELLED
        registration.invited = False
        if was_invited:
            registration.sequence += 1
        registration.save()
        outcome = Outcome(registration=registration)
        if was_invited:
            outcome.notices.append(Notice(registration.pk, Kind.CANCELLATION))
        outcome.notices += fill_places(termin, now)
        return outcome


def fill_places(termin, now=None):
    """Move the waiting list up, first come first served, while there are free places and the date has not
    begun. Call with the date locked; returns the notices."""
    now = now or timezone.now()
    if termin.cancelled or termin.starts_at <= now:
        return []
    free = termin.capacity - confirmed_count(termin)
    if free <= 0:
        return []
    notices = []
    waiting = termin.registrations.filter(state=State.WAITING).order_by("queued_at", "pk")[:free]
    for registration in waiting:
        Registration.objects.filter(pk=registration.pk).update(
            state=State.CONFIRMED, invited=True, updated_at=now
        )
        notices.append(Notice(registration.pk, Kind.MOVED_UP))
    return notices


def fingerprint(termin):
    """What an invitation says about the date: when it changes, invited people get an update."""
    # In UTC, as the database returns them: a date built in Berlin time (seed_demo) is the same date.
    parts = [
        termin.starts_at.astimezone(datetime.UTC).isoformat(),
        termin.ends_at.astimezone(datetime.UTC).isoformat(),
        termin.room,
        termin.address,
        termin.video_url,
        termin.notes,
        termin.course.title,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def date_saved(termin_id, now=None):
    """After an editor or Koordination saved a date: updates to the invited when what an invitation says
    changed, cancellations when it was called off, and the waiting list moves up into new places.
    Idempotent: the fingerprint of what each person was last sent is kept with their registration.
    A date that has ended sends nothing: correcting its room or renaming its course afterwards is a matter of
    record, not news for the people who were there (nor a place to move up into)."""
    now = now or timezone.now()
    with transaction.atomic():
        termin = Termin.objects.select_for_update().select_related("course").filter(pk=termin_id).first()
        if termin is None or termin.ends_at <= now:
            return []
        notices = []
        invited = Registration.objects.select_for_update().filter(termin=termin, invited=True)
        if termin.cancelled:
            for registration in invited:
                Registration.objects.filter(pk=registration.pk).update(
                    invited=False, sequence=registration.sequence + 1
                )
                notices.append(Notice(registration.pk, Kind.CANCELLATION))
            return notices
        current = fingerprint(termin)
        for registration in invited:
            if registration.sent_fingerprint and registration.sent_fingerprint != current:
                Registration.objects.filter(pk=registration.pk).update(sequence=registration.sequence + 1)
                notices.append(Notice(registration.pk, Kind.UPDATE))
        notices += fill_places(termin, now)
        return notices


def is_trainer(user, termin):
    return user.is_authenticated and termin.trainers.filter(pk=user.pk).exists()


def participants(termin):
    """The registrations of a date in list order (places first, then the waiting list), with their
    people's names in the same query."""
    return (
        termin.registrations.filter(state__in=ACTIVE)
        .select_related("user", "user__staff_profile")
        .order_by("-state", "user__last_name", "user__first_name", "queued_at", "pk")
    )


def mark_attendance(trainer, termin_id, marks, now=None):
    """Record attendance (`marks`: {registration id: Attendance value or ""}) as a trainer of the date.

    Only the date's trainers may, and only for people with a place, from the start of the date on. Whoever is
    marked present needs the course completion check after commit (`Outcome.completion_checks`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        termin = _locked(termin_id)
        if not is_trainer(trainer, termin):
            raise PermissionDenied
        if termin.starts_at > now + ATTENDANCE_EARLY:
            raise TerminError(_("Die Anwesenheit können Sie ab dem Beginn des Termins eintragen."))
        valid = set(Attendance.values) | {""}
        if any(value not in valid for value in marks.values()):
            raise TerminError(_("Bitte wählen Sie für jede Person anwesend, abwesend oder entschuldigt."))
        rows = {
            r.pk: r
            for r in Registration.objects.select_for_update().filter(
                termin=termin, state=State.CONFIRMED, pk__in=list(marks)
            )
        }
        if set(marks) - set(rows):
            raise TerminError(_("Diese Person hat keinen Platz für diesen Termin."))
        outcome = Outcome()
        for pk, value in marks.items():
            registration = rows[pk]
            if registration.attendance == value:
                continue
            Registration.objects.filter(pk=pk).update(
                attendance=value, attendance_marked_at=now, attendance_marked_by=trainer, updated_at=now
            )
            if value == Attendance.PRESENT:
                outcome.completion_checks.append((registration.user_id, termin.course_id))
        return outcome


def is_mandatory(course_id):
    """Whether the course is the course of a mandatory training: only then does Koordination see attendance
    person by person (DESIGN.md, privacy)."""
    return TrainingRequirement.objects.filter(course_id=course_id, active=True).exists()


def date_counts(termine):
    """{date id: (confirmed, waiting, present)} for many dates in one query."""
    rows = (
        Registration.objects.filter(termin__in=termine)
        .values("termin_id")
        .annotate(
            confirmed=Count("pk", filter=Q(state=State.CONFIRMED)),
            waiting=Count("pk", filter=Q(state=State.WAITING)),
            present=Count("pk", filter=Q(state=State.CONFIRMED, attendance=Attendance.PRESENT)),
        )
    )
    return {row["termin_id"]: (row["confirmed"], row["waiting"], row["present"]) for row in rows}


def my_registrations(user, now=None):
    """The person's places and waiting-list spots on dates that have not ended, soonest first."""
    return (
        Registration.objects.filter(
            user=user, state__in=ACTIVE, termin__ends_at__gt=now or timezone.now(), termin__cancelled=False
        )
        .select_related("termin", "termin__course")
        .order_by("termin__starts_at")
    )


@dataclass
class DateEntry:
    """One date as the course page shows it to a person."""

    termin: Termin
    free: int
    registration: Registration | None
    now: datetime.datetime

    @property
    def full(self):
        return self.free <= 0

    @property
    def open_for_registration(self):
        return self.termin.registration_closes_at > self.now and self.termin.starts_at > self.now

    @property
    def can_cancel(self):
        if self.registration is None:
            return False
        if self.registration.state == State.WAITING:
            return self.termin.starts_at > self.now
        return self.termin.cancellation_closes_at > self.now and self.termin.starts_at > self.now

    @property
    def show_video_link(self):
        """Only to people with a place, and only shortly before the start until the end."""
        return (
            self.termin.is_video
            and self.registration is not None
            and self.registration.state == State.CONFIRMED
            and self.termin.starts_at - VIDEO_LINK_LEAD <= self.now < self.termin.ends_at
        )


def course_dates(user, course, now=None):
    """The upcoming dates of a course with free places and the person's own registration (three queries)."""
    now = now or timezone.now()
    dates = list(course.upcoming_dates(now).prefetch_related("trainers"))
    counts = date_counts(dates)
    mine = {}
    if user.is_authenticated:
        mine = {
            r.termin_id: r for r in Registration.objects.filter(user=user, termin__in=dates, state__in=ACTIVE)
        }
    return [
        DateEntry(
            termin=termin,
            free=max(termin.capacity - counts.get(termin.pk, (0, 0, 0))[0], 0),
            registration=mine.get(termin.pk),
            now=now,
        )
        for termin in dates
    ]

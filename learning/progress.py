"""Honest video progress: merging watched intervals, and crediting them no faster than time passes.

The client reports the stretches it actually played; the server keeps their union, clipped to the video's
length, so replays, duplicates and out-of-order heartbeats give the same state, and seeking earns nothing.

Coverage is plausible in time (DESIGN.md, "Learning evidence is plausible"): a script could otherwise claim a
whole video in one request. Each (person, lesson) row carries a token bucket, its plausibility clock:

- `heartbeat_at` is when the last heartbeat of that row arrived, `allowance` the seconds of new coverage
  still creditable. On every heartbeat the allowance grows by `MAX_PLAYBACK_RATE` (2×, the fastest the
  player's browsers offer) times the wall-clock time since `heartbeat_at`, up to `ALLOWANCE_CAP`.
- The seconds a heartbeat adds to the stored union are credited up to the allowance, earliest first; the
  rest is clipped, not refused: the answer is still 200 and says how much was credited and clipped.
- A bucket, not a per-request rate, because honest players are bursty: the player queues heartbeats in
  localStorage while offline and sends them one after the other on reconnecting, milliseconds apart. The
  time spent offline has filled the bucket, so the burst is credited in full. `ALLOWANCE_CAP` is what a
  returning script can claim at once after any pause; it still covers ten minutes of offline watching at 1×
  (five at 2×), more than a browser buffers ahead.
- A row without a known heartbeat (new, or stored before the clock existed) starts with only
  `INITIAL_ALLOWANCE`, a few seconds of slack for network jitter. Its clock has to be started first: the
  player sends a heartbeat without intervals when playback starts, so the first stretch it reports 15 s
  later is credited in full. A larger head start (one heartbeat's worth, 30 s) would let a script complete
  every demo video (20 s) with a single request; the price is that a lesson first watched entirely offline,
  before any heartbeat of it ever reached the server, cannot be told from such a script and is clipped.
- The clock is per (person, lesson), as the evidence is: two lessons played side by side in two tabs
  each earn their own time. Both columns travel in the one INSERT or UPDATE a heartbeat already makes.

`merge_intervals` and the other interval helpers stay pure functions with laws (tests/learning).
"""

import functools
import math
import typing
import weakref
from dataclasses import dataclass

from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from .models import LessonProgress

# A heartbeat is sent every 15 s; queued offline heartbeats are sent one by one. Anything claiming more
# playing time than this in one request is not a heartbeat.
MAX_SECONDS_PER_HEARTBEAT = 300
MAX_INTERVALS_PER_HEARTBEAT = 50
# The plausibility clock (see the module docstring): seconds of new coverage per second of wall-clock time,
# the head start of a row without a known heartbeat, and the most a row can save up.
MAX_PLAYBACK_RATE = 2.0
INITIAL_ALLOWANCE = 2.0
ALLOWANCE_CAP = 600.0


def merge_intervals(*interval_lists):
    """The union of any number of interval lists as sorted, disjoint [start, end] pairs.

    Idempotent, commutative and associative: merge(a, a) == merge(a), merge(a, b) == merge(b, a).
    Touching intervals are joined; empty ones (start == end) vanish.
    """
    pairs = sorted((float(start), float(end)) for intervals in interval_lists for start, end in intervals)
    merged = []
    for start, end in pairs:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def clip_intervals(intervals, duration):
    """Cut intervals to [0, duration]."""
    clipped = ([max(0.0, start), min(float(duration), end)] for start, end in intervals)
    return [[start, end] for start, end in clipped if end > start]


def subtract_intervals(intervals, taken):
    """The parts of sorted, disjoint `intervals` not covered by sorted, disjoint `taken`."""
    rest = []
    for start, end in intervals:
        for taken_start, taken_end in taken:
            if taken_end <= start or taken_start >= end:
                continue
            if taken_start > start:
                rest.append([start, taken_start])
            start = max(start, taken_end)
            if start >= end:
                break
        if end > start:
            rest.append([start, end])
    return rest


def take_seconds(intervals, seconds):
    """The earliest `seconds` of sorted, disjoint `intervals` (the last piece cut short)."""
    taken = []
    for start, end in intervals:
        if seconds <= 0:
            break
        if end - start >= seconds:
            # The rest ends here. Subtracting the piece instead could leave a rounding residue (1e-14 s) that
            # credited a sliver of a later piece, after what is clipped.
            taken.append([start, min(end, start + seconds)])
            break
        taken.append([start, end])
        seconds -= end - start
    return taken


def covered_seconds(intervals):
    return sum(end - start for start, end in intervals)


def coverage(intervals, duration):
    """Share of the video covered by the (merged) intervals, 0..1."""
    if not duration or duration <= 0:
        return 0.0
    return min(1.0, covered_seconds(clip_intervals(intervals, duration)) / duration)


class HeartbeatError(ValueError):
    """Bad heartbeat input; `errors` maps field names to German messages."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _is_number(value):
    """A finite number of seconds; an integer too large for a float (10**400) is none."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def validate_heartbeat(data, duration):
    """Check a decoded heartbeat against the video's duration; return (intervals, position)."""
    errors = {}
    slack = 1.0  # players report a little past the end
    raw_intervals = data.get("intervals")
    intervals = []
    if not isinstance(raw_intervals, list) or len(raw_intervals) > MAX_INTERVALS_PER_HEARTBEAT:
        errors["intervals"] = "Die Abschnitte müssen eine Liste mit höchstens 50 Paaren [Beginn, Ende] sein."
    else:
        for pair in raw_intervals:
            if not (isinstance(pair, list) and len(pair) == 2 and all(_is_number(v) for v in pair)):
                errors["intervals"] = "Jeder Abschnitt braucht zwei Zahlen: [Beginn, Ende] in Sekunden."
                break
            start, end = pair
            if start < 0 or end < 0:
                errors["intervals"] = "Zeitangaben dürfen nicht negativ sein."
                break
            if end < start:
                errors["intervals"] = "Ein Abschnitt darf nicht vor seinem Beginn enden."
                break
            if end > duration + slack:
                errors["intervals"] = "Ein Abschnitt reicht über das Ende des Videos hinaus."
                break
            intervals.append([float(start), float(end)])
        else:
            if covered_seconds(merge_intervals(intervals)) > MAX_SECONDS_PER_HEARTBEAT:
                errors["intervals"] = "Eine Meldung darf höchstens fünf Minuten Wiedergabe enthalten."
    position = data.get("position")
    if not _is_number(position) or position < 0 or position > duration + slack:
        errors["position"] = "Die Position muss eine Zahl zwischen 0 und der Länge des Videos sein."
    if errors:
        raise HeartbeatError(errors)
    return clip_intervals(intervals, duration), min(float(position), float(duration))


@dataclass
class Heartbeat:
    """What recording one heartbeat did: the stored progress and the new seconds credited and clipped."""

    progress: LessonProgress
    credited: float
    clipped: float


def refill(allowance, heartbeat_at, now):
    """The allowance of a row at `now`: its saved seconds plus 2× the time since its last heartbeat."""
    if heartbeat_at is None:
        return INITIAL_ALLOWANCE
    elapsed = max(0.0, (now - heartbeat_at).total_seconds())  # another web server's clock may be behind
    return min(ALLOWANCE_CAP, max(0.0, allowance) + MAX_PLAYBACK_RATE * elapsed)


def credit(stored, intervals, allowance):
    """Merge `intervals` into `stored` crediting at most `allowance` new seconds, the earliest first.

    Returns (merged, credited seconds, clipped seconds).
    """
    new = subtract_intervals(merge_intervals(intervals), stored)
    claimed = covered_seconds(new)
    granted = take_seconds(new, allowance) if claimed > allowance else new
    credited = min(claimed, allowance)
    return merge_intervals(stored, granted), credited, claimed - credited


def record_heartbeat(user, lesson_id, intervals, position, duration):
    """Merge a validated heartbeat into the stored progress inside the request; returns a `Heartbeat`.

    New coverage is credited no faster than the plausibility clock allows (module docstring). One write
    statement per heartbeat: an INSERT for the first, an UPDATE of the locked row after that, and the locked
    read takes only what the merge needs. On SQLite, which locks no rows, the transaction serialises
    heartbeats instead: it begins IMMEDIATE (settings), taking the database's write lock before the read.
    Whether the lesson is now complete is decided by `learning.completion.complete_lesson`, not here.
    """
    with transaction.atomic(savepoint=False):  # no savepoint when the view holds the transaction
        progress = _locked(user, lesson_id)
        if progress is None:
            return _create_progress(user, lesson_id, intervals, position, duration)
        return _update_progress(progress, intervals, position, duration)


def record_heartbeat_alone(user, lesson_id, intervals, position, duration, commits_alone):
    """`record_heartbeat` for the common heartbeat, after which nothing else is stored: without a transaction
    or a lock, so that it never holds a lock while Python runs. Returns the `Heartbeat`, or None having
    stored nothing; then `record_heartbeat` in the caller's transaction is the way.

    The row is read without a lock and written back with a compare-and-set: the UPDATE applies only if every
    column the merge read still holds what was read, so a heartbeat, completion, reopening or purge that came
    in between makes it change nothing (None), never lose a write. `commits_alone(progress)`, asked with the
    merged progress before anything is written, says whether the caller will store nothing after it (no
    completion to record): otherwise the write must share the caller's transaction (None). A first
    heartbeat is an INSERT; one that loses the race to a parallel first heartbeat gives None as well.

    Why: on SQLite a transaction takes the database's one write lock at BEGIN and a thread that holds it
    gives up the GIL around every statement, so under load it waited for the other threads of its process
    while every writer waited for it (docs/performance.md, "Heartbeat"). The floor's UPSERT, one statement
    in autocommit, holds the lock only inside SQLite; this UPDATE does the same.
    """
    sql = _heartbeat_sql(connection.vendor, connection.features.has_select_for_update)
    with connection.cursor() as cursor:
        cursor.execute(sql.read, [user.pk, lesson_id])
        row = cursor.fetchone()
    if row is None:
        return _create_alone(user, lesson_id, intervals, position, duration, commits_alone)
    progress = _from_row(row)
    fields, heartbeat = _merge(progress, intervals, position, duration)
    if not commits_alone(progress):
        return None
    # The stored values exactly as read (a value that would not compare equal only sends the heartbeat down
    # the locked path).
    values = [*_db_values(fields), progress.pk, *row[1:]]
    with connection.cursor() as cursor:
        cursor.execute(sql.swap, values)
        if cursor.rowcount != 1:
            return None
    return heartbeat


# The columns the locked read takes (what the merge reads and the answer reports; the rest stays deferred, as
# with .only()), in the model's field order, and the fields every later heartbeat writes.
_READ_COLUMNS = ("id", "intervals", "completed_at", "heartbeat_at", "allowance")
_WRITTEN_FIELDS = ("intervals", "position", "coverage", "heartbeat_at", "allowance", "updated_at")


class _SQL(typing.NamedTuple):
    read: str  # the row, without a lock
    locked_read: str  # the row, locked (on SQLite the same: the transaction holds the database's lock)
    write: str  # the fields of _WRITTEN_FIELDS, by id
    swap: str  # the same write, only if the columns of _READ_COLUMNS still hold what was read


@functools.cache
def _heartbeat_sql(vendor, lock_rows):
    """The reads and writes of a heartbeat as SQL (`_SQL`), made once per database vendor: building the same
    statements with the ORM on every heartbeat cost more than running them (docs/performance.md,
    "Heartbeat"). `vendor` is the cache key; the quoting is the default connection's."""
    quote = connection.ops.quote_name
    meta = LessonProgress._meta
    table = quote(meta.db_table)
    column = {name: quote(meta.get_field(name).column) for name in ("user", "lesson", *_READ_COLUMNS)}
    columns = ", ".join(column[name] for name in _READ_COLUMNS)
    # Only names from the model, quoted by the backend, go into the text; every value is a parameter. SQLite
    # locks no rows (no FOR UPDATE): the transaction took the database's write lock when it began (IMMEDIATE).
    read = f"SELECT {columns} FROM {table} WHERE {column['user']} = %s AND {column['lesson']} = %s"  # noqa: S608
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in _WRITTEN_FIELDS)
    write = f"UPDATE {table} SET {assignments} WHERE {column['id']} = %s"  # noqa: S608
    # Equal or both NULL: SQLite's IS, PostgreSQL's IS NOT DISTINCT FROM (the project's two databases).
    same = "IS" if vendor == "sqlite" else "IS NOT DISTINCT FROM"
    unchanged = " AND ".join(f"{column[name]} {same} %s" for name in _READ_COLUMNS[1:])
    return _SQL(read, f"{read} FOR UPDATE" if lock_rows else read, write, f"{write} AND {unchanged}")


def _locked(user, lesson_id):
    """The (user, lesson) row, locked, with the columns of _READ_COLUMNS; None when there is none yet."""
    sql = _heartbeat_sql(connection.vendor, connection.features.has_select_for_update)
    with connection.cursor() as cursor:
        cursor.execute(sql.locked_read, [user.pk, lesson_id])
        row = cursor.fetchone()
    return None if row is None else _from_row(row)


def _from_row(row):
    """A LessonProgress from a row of the read: its columns converted as the ORM converts them (JSON,
    datetimes), the other fields deferred, as with .only(); raw() did the same at three times the cost."""
    values = []
    for value, (column, converters) in zip(row, _converters(connections[connection.alias]), strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        values.append(value)
    return LessonProgress.from_db(connection.alias, _READ_ATTNAMES, values)


_READ_ATTNAMES = [LessonProgress._meta.get_field(name).attname for name in _READ_COLUMNS]
_CONVERTERS = weakref.WeakKeyDictionary()


def _converters(wrapper):
    """(column, converters) for each of _READ_COLUMNS, as the ORM's compiler finds them, once per database
    connection object (one per thread): looking them up cost more than the conversion."""
    found = _CONVERTERS.get(wrapper)
    if found is None:
        found = []
        for name in _READ_COLUMNS:
            column = LessonProgress._meta.get_field(name).cached_col
            found.append((column, wrapper.ops.get_db_converters(column) + column.get_db_converters(wrapper)))
        _CONVERTERS[wrapper] = found
    return found


def _merge(progress, intervals, position, duration):
    """The merged fields of a later heartbeat, set on `progress` (not saved), and its `Heartbeat`."""
    now = timezone.now()
    allowance = refill(progress.allowance, progress.heartbeat_at, now)
    merged, credited, clipped = credit(progress.intervals, intervals, allowance)
    fields = {
        "intervals": merged,
        "position": position,
        "coverage": coverage(merged, duration),
        "heartbeat_at": now,
        "allowance": allowance - credited,
        "updated_at": now,
    }
    for name, value in fields.items():
        setattr(progress, name, value)
    return fields, Heartbeat(progress, credited, clipped)


def _db_values(fields):
    """The values of _WRITTEN_FIELDS as QuerySet.update() would send them (JSON, datetimes as stored)."""
    return [
        LessonProgress._meta.get_field(name).get_db_prep_save(fields[name], connection)
        for name in _WRITTEN_FIELDS
    ]


def _update_progress(progress, intervals, position, duration):
    fields, heartbeat = _merge(progress, intervals, position, duration)
    sql = _heartbeat_sql(connection.vendor, connection.features.has_select_for_update)
    with connection.cursor() as cursor:
        cursor.execute(sql.write, [*_db_values(fields), progress.pk])
    return heartbeat


def _create_alone(user, lesson_id, intervals, position, duration, commits_alone):
    """The first heartbeat of record_heartbeat_alone: an INSERT, unless something must follow it or a
    parallel first heartbeat made the row first (None)."""
    progress, heartbeat = _first(user, lesson_id, intervals, position, duration)
    if not commits_alone(progress):
        return None
    try:
        with transaction.atomic():
            progress.save(force_insert=True)
    except IntegrityError:
        return None
    return heartbeat


def _first(user, lesson_id, intervals, position, duration):
    """The (unsaved) progress of a first heartbeat and its `Heartbeat`."""
    merged, credited, clipped = credit([], intervals, INITIAL_ALLOWANCE)
    progress = LessonProgress(
        user=user,
        lesson_id=lesson_id,
        intervals=merged,
        position=position,
        coverage=coverage(merged, duration),
        heartbeat_at=timezone.now(),
        allowance=INITIAL_ALLOWANCE - credited,
    )
    return progress, Heartbeat(progress, credited, clipped)


def _create_progress(user, lesson_id, intervals, position, duration):
    progress, heartbeat = _first(user, lesson_id, intervals, position, duration)
    try:
        with transaction.atomic():
            progress.save(force_insert=True)
    except IntegrityError as error:
        # A parallel first heartbeat won the insert; merge into its row instead.
        progress = _locked(user, lesson_id)
        if progress is None:  # the row that won the insert is gone again: as .get() would, refuse
            raise LessonProgress.DoesNotExist from error
        return _update_progress(progress, intervals, position, duration)
    return heartbeat

"""Honest video progress: merging watched intervals and recording heartbeats.

The client reports the stretches it actually played; the server keeps their union, clipped to the video's
length, so replays, duplicates and out-of-order heartbeats give the same state, and seeking earns nothing.
"""

import math

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LessonProgress

# A heartbeat is sent every 15 s; queued offline heartbeats are sent one by one. Anything claiming more
# playing time than this in one request is not a heartbeat.
MAX_SECONDS_PER_HEARTBEAT = 300
MAX_INTERVALS_PER_HEARTBEAT = 50


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
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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
                errors["intervals"] = "Ein Abschnitt endet vor seinem Beginn."
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


def record_heartbeat(user, lesson, intervals, position, duration):
    """Merge a validated heartbeat into the stored progress inside the request; returns the progress.

    One write statement per heartbeat: an INSERT for the first, an UPDATE of the locked row after that.
    Whether the lesson is now complete is decided by `learning.completion.complete_lesson`, not here.
    """
    with transaction.atomic(savepoint=False):  # no savepoint when the view holds the transaction
        progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=lesson).first()
        if progress is None:
            return _create_progress(user, lesson, intervals, position, duration)
        merged = merge_intervals(progress.intervals, intervals)
        fields = {
            "intervals": merged,
            "position": position,
            "coverage": coverage(merged, duration),
            "updated_at": timezone.now(),
        }
        LessonProgress.objects.filter(pk=progress.pk).update(**fields)
        for name, value in fields.items():
            setattr(progress, name, value)
        return progress


def _create_progress(user, lesson, intervals, position, duration):
    merged = merge_intervals(intervals)
    try:
        with transaction.atomic():
            return LessonProgress.objects.create(
                user=user,
                lesson=lesson,
                intervals=merged,
                position=position,
                coverage=coverage(merged, duration),
            )
    except IntegrityError:
        # A parallel first heartbeat won the insert; merge into its row instead.
        progress = LessonProgress.objects.select_for_update().get(user=user, lesson=lesson)
        merged = merge_intervals(progress.intervals, intervals)
        progress.intervals, progress.position = merged, position
        progress.coverage = coverage(merged, duration)
        progress.save(update_fields=["intervals", "position", "coverage", "updated_at"])
        return progress

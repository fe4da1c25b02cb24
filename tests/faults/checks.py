"""The database check after a case: what the site acknowledged against what PostgreSQL (or SQLite) holds."""

from pathlib import Path

from .clients import covered


def heartbeat_writes(outcomes):
    """Heartbeats that carried watched stretches: (acknowledged with 200, still unanswered or refused)."""
    carrying = [o for o in outcomes if o.body["intervals"]]
    return [o for o in carrying if o.status == 200], [o for o in carrying if o.status != 200]


def found_in(query, learner_id, acknowledged):
    """How many acknowledged heartbeats of one learner the stored intervals contain, credited parts only
    (the answer says how much of a heartbeat was clipped by the plausibility clock; the suite watches at 1x,
    so nothing is)."""
    rows = {}
    found = 0
    for outcome in acknowledged:
        lesson = outcome.body["lesson"]
        if lesson not in rows:
            result = query(
                "SELECT intervals FROM learning_lessonprogress WHERE user_id = %s AND lesson_id = %s",
                (learner_id, lesson),
            )
            rows[lesson] = result[0][0] if result else []
        clipped = outcome.answer.get("clipped", 0) if outcome.answer else 0
        if clipped == 0 and all(covered(rows[lesson], pair) for pair in outcome.body["intervals"]):
            found += 1
    return found


def duplicate_progress_rows(query):
    return query(
        "SELECT user_id, lesson_id, count(*) FROM learning_lessonprogress GROUP BY 1, 2 HAVING count(*) > 1"
    )


def inconsistent_progress_rows(query, durations):
    """Rows whose coverage does not follow from their intervals, or that are complete below 95 %: a
    half-written row. `durations`: lesson id -> video seconds."""
    bad = []
    for user_id, lesson_id, intervals, coverage, completed_at in query(
        "SELECT user_id, lesson_id, intervals, coverage, completed_at FROM learning_lessonprogress "
        "WHERE lesson_id = ANY(%s)",
        (list(durations),),
    ):
        seconds = sum(min(end, durations[lesson_id]) - max(start, 0) for start, end in intervals)
        expected = min(1.0, seconds / durations[lesson_id])
        if abs(expected - coverage) > 1e-6 or (completed_at is not None and coverage < 0.95):
            bad.append((user_id, lesson_id, coverage, expected, completed_at))
    return bad


def certificates(query, user_ids, course_id):
    """(enrolment id, completed, certificate count, certificates with a PDF, PDF names) per enrolment."""
    return query(
        "SELECT e.id, e.completed_at IS NOT NULL, count(c.id), count(c.id) FILTER (WHERE c.pdf <> ''), "
        "coalesce(array_agg(c.pdf) FILTER (WHERE c.id IS NOT NULL), '{}') "
        "FROM learning_enrolment e LEFT JOIN learning_certificate c "
        "ON c.enrolment_id = e.id AND c.completed_at = e.completed_at "
        "WHERE e.user_id = ANY(%s) AND e.course_id = %s GROUP BY e.id ORDER BY e.id",
        (list(user_ids), course_id),
    )


def one_certificate_each(rows):
    return bool(rows) and all(done and count == 1 and with_pdf == 1 for _, done, count, with_pdf, _ in rows)


def pdf_files_ok(private_root, names):
    """Every named PDF is a whole file (%PDF ... %%EOF), and no other file of these certificates lies beside it
    (a second or half-written PDF of the same certificate would carry its verification code)."""
    folder = Path(private_root) / "certificates"
    files = {path.name for path in folder.glob("*")} if folder.exists() else set()
    for name in names:
        path = Path(private_root) / name
        if not path.exists():
            return False
        content = path.read_bytes()
        if not (content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")):
            return False
        stem = path.stem
        if len([other for other in files if other.startswith(stem)]) != 1:
            return False
    return True

"""The learner record's side of knowledge checks: the attempt history that courses.quiz decides on."""

from django.db.models import Count, Max, Q

from courses.quiz import AttemptHistory

from .models import QuizAttempt


def attempt_history(user, lesson):
    """A learner's attempts at a lesson's check, summed up in one query (the policy lives in courses.quiz)."""
    failed = Q(passed=False)
    # Aliases must not be field names of QuizAttempt ("passed"), or the filters would name the aggregate.
    summary = QuizAttempt.objects.filter(user=user, lesson=lesson).aggregate(
        n_failed=Count("pk", filter=failed),
        n_passed=Count("pk", filter=Q(passed=True)),
        last_failed=Max("submitted_at", filter=failed),
    )
    return AttemptHistory(
        failed=summary["n_failed"], passed=summary["n_passed"] > 0, last_failed_at=summary["last_failed"]
    )

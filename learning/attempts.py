"""The learner record's side of knowledge checks: the attempt history that courses.quiz decides on."""

from django.db.models import Count, Max, Q

from courses.quiz import AttemptHistory

from .models import QuizAttempt


def attempt_history(user, lesson):
    """A learner's attempts at a lesson's check, summed up in one query (the policy lives in courses.quiz)."""
    failed = Q(passed=False)
    summary = QuizAttempt.objects.filter(user=user, lesson=lesson).aggregate(
        failed=Count("pk", filter=failed),
        passed=Count("pk", filter=Q(passed=True)),
        last_failed_at=Max("submitted_at", filter=failed),
    )
    return AttemptHistory(
        failed=summary["failed"], passed=summary["passed"] > 0, last_failed_at=summary["last_failed_at"]
    )

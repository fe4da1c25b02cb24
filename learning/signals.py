"""Receivers: the learner record listens to what the content app announces."""

from django.dispatch import receiver

from courses.quiz import knowledge_check_submitted

from . import completion
from .models import QuizAttempt
from .tasks import update_course_completion


@receiver(knowledge_check_submitted, dispatch_uid="learning.record_quiz_attempt")
def record_quiz_attempt(sender, lesson, user, result, **kwargs):
    """Keep the attempt (visible only to the learner); a pass completes a lesson whose rule is the check."""
    if not user.is_authenticated:
        return
    QuizAttempt.objects.create(
        user=user,
        lesson=lesson,
        check_id=result.check_id,
        answers=result.answers(),
        score=result.score,
        passed=result.passed,
    )
    if not result.passed:
        return
    try:
        outcome = completion.complete_lesson(user, lesson, completion.Evidence.CHECK_PASSED)
    except completion.EnrolmentError:
        return
    if outcome.newly_completed:
        update_course_completion.delay_on_commit(user.pk, outcome.course_id)

"""Receivers: the learner record listens to what the content app announces."""

from django.dispatch import receiver

from courses.models import LessonPage
from courses.quiz import knowledge_check_submitted

from . import completion
from .models import QuizAttempt


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
    if result.passed and lesson.completion_rule == LessonPage.Rule.QUIZ:
        try:
            completion.enrol(user, lesson.course)
        except completion.EnrolmentError:
            return
        if completion.complete_lesson(user, lesson):
            completion.schedule_course_check(user.pk, lesson.course.pk)

"""Receivers: the learner record listens to what the content app announces."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from courses.models import Termin, Video
from courses.quiz import knowledge_check_submitted
from courses.video_processing import video_probed

from . import completion, heartbeat_cache
from .models import (
    AccountDeactivation,
    Certificate,
    Enrolment,
    ExportJob,
    QuizAttempt,
    StaffProfile,
    TrainingRequirement,
)
from .tasks import sync_requirement, sync_requirements_for_user, termin_saved, update_course_completion

User = get_user_model()


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


# What heartbeats remember (learning.heartbeat_cache) is forgotten when what it describes changes. Lesson facts:
# any page's publication, unpublication, move or deletion (a lesson's own, or a course's, a programme's or a
# restricted ancestor's), any view restriction and its groups, any video (its length). Caption tracks are
# not among them: they decide whether a lesson may be published, not what a heartbeat earns.


@receiver(
    [page_published, page_unpublished, post_page_move, video_probed], dispatch_uid="learning.lessons_changed"
)
@receiver([post_save, post_delete], sender=PageViewRestriction, dispatch_uid="learning.lessons_changed")
@receiver([post_save, post_delete], sender=Video, dispatch_uid="learning.lessons_changed")
@receiver(post_delete, sender=Page, dispatch_uid="learning.lessons_changed")  # also for every descendant
def lessons_changed(sender, **kwargs):
    heartbeat_cache.forget_lessons()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="learning.restriction_groups")
def restriction_groups_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        heartbeat_cache.forget_lessons()


@receiver(post_delete, sender=Enrolment, dispatch_uid="learning.enrolment_deleted")
def enrolment_deleted(sender, instance, **kwargs):
    heartbeat_cache.forget_enrolments(instance.user_id)


# Mandatory trainings follow a person into and out of audiences at once (the nightly task repairs).


@receiver(post_save, sender=StaffProfile, dispatch_uid="learning.requirements_follow_profile")
def requirements_follow_profile(sender, instance, **kwargs):
    sync_requirements_for_user.delay_on_commit(instance.user_id)


@receiver(post_save, sender=User, dispatch_uid="learning.requirements_follow_account")
def requirements_follow_account(sender, instance, created, update_fields=None, **kwargs):
    if created or update_fields == frozenset({"last_login"}):
        return  # a new account has no profile yet; signing in changes no audience
    sync_requirements_for_user.delay_on_commit(instance.pk)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="learning.requirements_follow_groups")
def requirements_follow_groups(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if not reverse:  # user.groups.add(...)
        if action != "pre_clear":
            sync_requirements_for_user.delay_on_commit(instance.pk)
        return
    # group.user_set.add(...): the people named, or on clear everybody who was in the group
    if action == "pre_clear":
        instance._lernhafen_cleared = list(instance.user_set.values_list("pk", flat=True))
        return
    user_ids = pk_set if action != "post_clear" else getattr(instance, "_lernhafen_cleared", [])
    for user_id in user_ids or ():
        sync_requirements_for_user.delay_on_commit(user_id)


@receiver(post_save, sender=TrainingRequirement, dispatch_uid="learning.requirement_saved")
def requirement_saved(sender, instance, **kwargs):
    sync_requirement.delay_on_commit(instance.pk)


def _requirement_audience_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        sync_requirement.delay_on_commit(instance.pk)


for _through in (TrainingRequirement.groups.through, TrainingRequirement.org_units.through):
    m2m_changed.connect(
        _requirement_audience_changed, sender=_through, dispatch_uid=f"learning.audience.{_through.__name__}"
    )


@receiver(post_save, sender=Termin, dispatch_uid="learning.termin_saved")
def date_saved(sender, instance, raw=False, **kwargs):
    """An editor or Koordination saved a date: the invited hear of changes, the waiting list moves up."""
    if not raw:
        termin_saved.delay_on_commit(instance.pk)


# Retention (learning.retention): files go with their rows, and an account's period starts when it is deactivated.


def _delete_file_after_commit(field_file):
    """Only once the deletion is committed: a rolled-back deletion keeps its file."""
    if field_file.name:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Certificate, dispatch_uid="learning.certificate_file_deleted")
def delete_certificate_file(sender, instance, **kwargs):
    """A deleted certificate takes its PDF along, whatever deleted it (retention, an account, an enrolment,
    a course)."""
    _delete_file_after_commit(instance.pdf)


@receiver(post_delete, sender=ExportJob, dispatch_uid="learning.export_file_deleted")
def delete_export_file(sender, instance, **kwargs):
    """An export job takes its file along, also when its requester's account goes."""
    _delete_file_after_commit(instance.file)


@receiver(post_save, sender=User, dispatch_uid="learning.account_deactivation")
def record_deactivation(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "is_active" not in update_fields):
        return  # e.g. signing in, which saves last_login only
    if instance.is_active:
        if not created:  # reactivated: a later deactivation starts a new period
            AccountDeactivation.objects.filter(user_id=instance.pk).delete()
    else:
        AccountDeactivation.objects.get_or_create(
            user_id=instance.pk, defaults={"deactivated_at": timezone.now()}
        )

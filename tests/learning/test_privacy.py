"""learning.privacy: everybody reads their own data; others only through a reader rule, and always logged."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from learning import privacy
from learning.models import AccessLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule():
    """A temporary rule: `viewer` may read `subject`."""
    grants = {}
    privacy.register_reader_rule("test.grant", lambda viewer: Q(pk__in=grants.get(viewer.pk, [])))
    yield grants
    privacy._reader_rules.pop("test.grant")


def test_own_data_is_readable_and_not_logged():
    person = UserFactory()
    privacy.require_read(person, person, AccessLogEntry.Action.VIEW_PROGRESS, "selbst")
    assert privacy.can_read(person, person)
    assert not AccessLogEntry.objects.exists()


def test_others_need_a_rule_and_each_read_is_logged(rule):
    viewer, subject, stranger = UserFactory(), UserFactory(), UserFactory()
    with pytest.raises(privacy.NotReadable):
        privacy.require_read(viewer, subject, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #1")
    assert not AccessLogEntry.objects.exists()

    rule[viewer.pk] = [subject.pk]
    privacy.require_read(viewer, subject, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #1")
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.action, entry.reason) == (
        viewer,
        subject,
        "view_progress",
        "Coaching #1",
    )
    assert not privacy.can_read(viewer, stranger)
    assert set(privacy.readable_users(viewer)) == {viewer, subject}


def test_course_progress_returns_and_logs_only_readable_people(rule):
    viewer, allowed, other = UserFactory(), UserFactory(), UserFactory()
    rule[viewer.pk] = [allowed.pk]
    progress = privacy.course_progress(viewer, [allowed, other], {allowed.pk: "A", other.pk: "B"})
    assert set(progress) == {allowed.pk}
    assert list(AccessLogEntry.objects.values_list("subject", "reason")) == [(allowed.pk, "A")]


def test_anonymous_reads_nothing():
    assert not privacy.readable_users(AnonymousUser()).exists()

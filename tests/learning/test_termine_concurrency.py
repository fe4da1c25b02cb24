"""Two people take the last place of a date at the same moment: one place and one waiting-list spot.

Concurrent requests need a database with row locks: this runs on PostgreSQL (CI's `.ci/run`); SQLite, which
serialises all writes anyway, has no concurrent transactions to test.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from learning import termine
from learning.models import Registration
from tests.factories import CoursePageFactory, OrgUnitFactory, TerminFactory, staff

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (concurrent transactions with row locks); CI runs it there",
    ),
]


def test_two_people_taking_the_last_place_get_one_place_and_one_waiting_spot(catalog_page, monkeypatch):
    course = CoursePageFactory(parent=catalog_page)
    termin = TerminFactory(course=course, capacity=2)
    unit = OrgUnitFactory()
    termine.register(staff(unit), termin.pk)  # one place left
    people = [staff(unit) for _ in range(2)]

    # Widen the window between counting the places and taking one, so that without the lock both would
    # count one free place.
    real_count = termine.confirmed_count

    def slow_count(termin):
        count = real_count(termin)
        time.sleep(0.5)
        return count

    monkeypatch.setattr(termine, "confirmed_count", slow_count)
    barrier = threading.Barrier(len(people))
    statuses, errors = [], []

    def take_place(user):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post(reverse("termin_register", args=[termin.pk])).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_place, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert statuses == [302, 302]
    assert connection.vendor == "postgresql"
    states = sorted(Registration.objects.filter(user__in=people).values_list("state", flat=True))
    assert states == [Registration.State.CONFIRMED, Registration.State.WAITING]
    assert Registration.objects.filter(termin=termin, state=Registration.State.CONFIRMED).count() == 2

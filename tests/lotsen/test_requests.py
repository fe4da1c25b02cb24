"""Help requests end to end: ask, route, accept, decline, hand over; the requester sees the status."""

import pytest
from django.core import mail
from django.urls import reverse

from lotsen import notifications
from lotsen.models import Coaching, HelpRequest
from tests.factories import LotseFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def ask(client, user, topic="tE-Akte"):
    client.force_login(user)
    return client.post(
        reverse("lotsen:help"),
        {"topic": topic, "message": "Wie finde ich das Dokument?", "preferred_format": "video"},
        follow=True,
    )


def test_ask_goes_to_the_lotse_and_the_requester_sees_the_status(client, lotse, colleague):
    html = ask(client, colleague).content.decode()
    assert "Lars Hoffmann hat Ihre Anfrage bekommen" in html
    assert "Zugewiesen" in html
    help_request = HelpRequest.objects.get()
    assert help_request.lotse == lotse and help_request.preferred_format == "video"

    client.force_login(lotse.user)
    dashboard = client.get(reverse("lotsen:index")).content.decode()
    assert "Anna Becker: E-Akte" in dashboard and "Wie finde ich das Dokument?" in dashboard
    response = client.post(reverse("lotsen:accept", args=[help_request.pk]), follow=True)
    assert "Bitte melden Sie sich bei Anna Becker" in response.content.decode()
    coaching = Coaching.objects.get(lotse=lotse, colleague=colleague)

    client.force_login(colleague)
    html = client.get(reverse("lotsen:my_support")).content.decode()
    assert "Angenommen" in html and "Lars Hoffmann begleitet Sie." in html
    assert "Lernstand für Lars Hoffmann freigeben" in html
    assert reverse("lotsen:coaching", args=[coaching.pk]) in html


def test_competence_topic_and_pool_message(client, colleague):
    from tests.factories import competence

    html = ask(client, colleague, topic=f"c{competence('4.2').pk}").content.decode()
    assert "Ihre Anfrage ist bei der Koordination" in html
    assert "Pool" in html
    assert HelpRequest.objects.get().competence.code == "4.2"


def test_decline_routes_on_and_hand_over_notifies_the_new_lotse(client, lotse, colleague, unit):
    second = LotseFactory(
        org_units=[unit], tags=["E-Akte"], user__first_name="Petra", user__last_name="Schulz"
    )
    ask(client, colleague)
    help_request = HelpRequest.objects.get()
    first_choice = help_request.lotse
    client.force_login(first_choice.user)
    response = client.post(reverse("lotsen:decline", args=[help_request.pk]), follow=True)
    assert "andere Lotsin oder einen anderen Lotsen" in response.content.decode()
    help_request.refresh_from_db()
    other = second if first_choice == lotse else lotse
    assert help_request.lotse == other

    client.force_login(other.user)
    client.post(reverse("lotsen:hand_over", args=[help_request.pk]), {"to_lotse": first_choice.pk})
    help_request.refresh_from_db()
    assert help_request.lotse == first_choice and help_request.notified_at is None
    assert notifications.notify_assigned_lotse(help_request.pk)
    assert mail.outbox[-1].to == [first_choice.user.email]


def test_hand_over_needs_a_lotse(client, lotse, colleague):
    ask(client, colleague)
    help_request = HelpRequest.objects.get()
    client.force_login(lotse.user)
    response = client.post(reverse("lotsen:hand_over", args=[help_request.pk]), {"to_lotse": ""}, follow=True)
    assert "Bitte wählen Sie eine Lotsin oder einen Lotsen." in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.lotse == lotse


def test_the_hand_over_page_offers_the_units_lotsen_and_finds_others_by_name(client, lotse, colleague, unit):
    same_unit = LotseFactory(org_units=[unit], user__first_name="Petra", user__last_name="Schulz")
    elsewhere = LotseFactory(org_units=[OrgUnitFactory()], user__first_name="Jonas", user__last_name="Weber")
    ask(client, colleague)
    help_request = HelpRequest.objects.get()
    client.force_login(lotse.user)
    url = reverse("lotsen:hand_over", args=[help_request.pk])
    assert f'href="{url}"' in client.get(reverse("lotsen:index")).content.decode()

    html = client.get(url).content.decode()
    assert "Petra Schulz" in html and "Jonas Weber" not in html and "Lars Hoffmann" not in html
    html = client.get(url, {"q": "weber"}).content.decode()
    assert "Jonas Weber" in html and "Petra Schulz" not in html
    assert "Niemand gefunden" in client.get(url, {"q": "Niemand Namens"}).content.decode()

    response = client.post(url, {"to_lotse": elsewhere.pk}, follow=True)
    assert "Die Anfrage ist an Jonas Weber übergeben." in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.lotse == elsewhere and same_unit != elsewhere


def test_hand_over_to_someone_who_is_no_lotse_changes_nothing(client, lotse, colleague, unit):
    former = LotseFactory(org_units=[unit], active=False)
    ask(client, colleague)
    help_request = HelpRequest.objects.get()
    client.force_login(lotse.user)
    url = reverse("lotsen:hand_over", args=[help_request.pk])
    for value in [former.pk, lotse.pk, 10**9, "Lars"]:
        response = client.post(url, {"to_lotse": value})
        assert response.status_code == 400
        assert "Bitte wählen Sie neu." in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.lotse == lotse


def test_mail_content_and_idempotence(lotse, colleague):
    help_request = HelpRequest.objects.create(
        requester=colleague,
        topic="E-Akte",
        message="Vertraulich",
        status=HelpRequest.Status.ASSIGNED,
        lotse=lotse,
    )
    assert notifications.notify_assigned_lotse(help_request.pk)
    assert not notifications.notify_assigned_lotse(help_request.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Neue Hilfeanfrage: E-Akte"
    assert message.to == [lotse.user.email]
    assert "Hallo Lars Hoffmann," in message.body
    assert "Anna Becker bittet Sie um Hilfe zum Thema „E-Akte“." in message.body
    assert "http://testserver/lotsen/" in message.body
    assert "Vertraulich" not in message.body  # the message itself stays in the Lernhafen


def test_pending_notifications_are_repaired(lotse, colleague):
    from datetime import timedelta

    from django.utils import timezone

    help_request = HelpRequest.objects.create(
        requester=colleague, topic="E-Akte", message="Hilfe", status=HelpRequest.Status.ASSIGNED, lotse=lotse
    )
    HelpRequest.objects.filter(pk=help_request.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert notifications.notify_pending() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_sends_the_mail_and_sets_notified_at(celery_worker, client, lotse, colleague):
    import time

    ask(client, colleague)
    help_request = HelpRequest.objects.get()
    deadline = time.monotonic() + 30
    while help_request.notified_at is None and time.monotonic() < deadline:
        time.sleep(0.3)
        help_request.refresh_from_db()
    assert help_request.notified_at is not None


def test_the_lotse_closes_an_accepted_request_and_it_leaves_the_requesters_list(client, lotse, colleague):
    ask(client, colleague)
    help_request = HelpRequest.objects.get()
    client.force_login(lotse.user)
    response = client.post(reverse("lotsen:accept", args=[help_request.pk]), follow=True)
    assert "Als erledigt markieren" in response.content.decode()
    response = client.post(reverse("lotsen:close", args=[help_request.pk]), follow=True)
    assert "als erledigt markiert" in response.content.decode()
    client.force_login(colleague)
    assert "Meine Anfragen" not in client.get(reverse("lotsen:my_support")).content.decode()


def test_a_lotse_starts_a_coaching_directly(client, lotse, colleague):
    from tests.factories import competence

    client.force_login(lotse.user)
    response = client.post(
        reverse("lotsen:start_coaching"),
        {"colleague": colleague.pk, "competences": [competence("2.1").pk]},
        follow=True,
    )
    assert "Die Begleitung ist angelegt." in response.content.decode()
    coaching = Coaching.objects.get(lotse=lotse, colleague=colleague)
    assert [c.code for c in coaching.competences.all()] == ["2.1"] and not coaching.has_consent
    response = client.post(reverse("lotsen:start_coaching"), {"colleague": ""})
    assert (
        response.status_code == 400
        and "Bitte wählen Sie eine Kollegin oder einen Kollegen." in response.content.decode()
    )


@pytest.mark.parametrize(
    ("status", "badge", "sentence"),
    [
        (
            HelpRequest.Status.ASSIGNED,
            "info",
            "Lars Hoffmann hat Ihre Anfrage erhalten und meldet sich bei Ihnen.",
        ),
        (HelpRequest.Status.POOL, "warning", "Die Koordination sucht eine passende Lotsin"),
        (HelpRequest.Status.ACCEPTED, "success", "Lars Hoffmann begleitet Sie."),
    ],
)
def test_the_requester_reads_what_each_status_means(client, lotse, colleague, status, badge, sentence):
    HelpRequest.objects.create(
        requester=colleague,
        topic="E-Akte",
        message="Hilfe",
        status=status,
        lotse=None if status == HelpRequest.Status.POOL else lotse,
    )
    client.force_login(colleague)
    html = client.get(reverse("lotsen:my_support")).content.decode()
    assert sentence in html
    assert f"kern-badge--{badge}" in html

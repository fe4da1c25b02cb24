"""Private notes: only the Lotse who wrote them ever sees them."""

import pytest
from django.urls import reverse

from lotsen import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTE = "GEHEIME-NOTIZ: wirkt unsicher"


@pytest.fixture
def session(coaching):
    return services.log_session(
        coaching.lotse,
        coaching=coaching,
        minutes=45,
        format="video",
        outcome="Videoberatung geübt.",
        follow_up="Erste Videoberatung",
        private_notes=NOTE,
    )


def test_the_lotse_sees_their_note(client, session, coaching):
    client.force_login(coaching.lotse.user)
    assert NOTE in client.get(reverse("lotsen:coaching", args=[coaching.pk])).content.decode()


def test_never_on_the_colleagues_pages(client, session, coaching, portal_page):
    client.force_login(coaching.colleague)
    for url in [
        reverse("lotsen:my_support"),
        reverse("lotsen:coaching", args=[coaching.pk]),
        portal_page.url,
    ]:
        html = client.get(url).content.decode()
        assert "Videoberatung geübt." in html, url  # the session itself is shown
        assert NOTE not in html, url


def test_never_in_reports_exports_or_admin_listings(client, session, coaching):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    urls = [
        reverse("lotse_profiles:index"),
        reverse("lotsen_pool:index"),
        *[reverse(f"lotsen_reports:{name}") for name in ["coverage", "activity", "quota"]],
    ]
    for url in urls:
        assert NOTE not in client.get(url).content.decode(), url
        for export in ["csv", "xlsx"]:
            response = client.get(url, {"export": export})
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert NOTE.encode() not in body, url


def test_another_lotse_never_sees_it_even_with_the_colleagues_consent(client, session, coaching):
    from tests.factories import CoachingFactory, LotseFactory

    other = CoachingFactory(lotse=LotseFactory(), colleague=coaching.colleague)
    services.set_consent(other, True)
    client.force_login(other.lotse.user)
    assert NOTE not in client.get(reverse("lotsen:coaching", args=[other.pk])).content.decode()
    assert NOTE not in client.get(reverse("lotsen:index")).content.decode()

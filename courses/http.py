"""HTTP helpers shared by every app."""

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or the header the reverse proxy writes (CLIENT_IP_HEADER).

    Used by the feedback rate limit and the sign-in throttle (learning.signin). In a list (X-Forwarded-For)
    only the last entry was written by our proxy; the ones before it are the client's own claims."""
    address = request.META.get(settings.CLIENT_IP_HEADER or "REMOTE_ADDR") or request.META.get(
        "REMOTE_ADDR", ""
    )
    return address.split(",")[-1].strip()

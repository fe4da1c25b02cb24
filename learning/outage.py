"""While a part the site depends on is down: a German 503 with Retry-After instead of a 500 (JSON for the API).

An outage is an error of the database (PostgreSQL unreachable or restarting, SQLite busy past its timeout:
"database is locked"), of Redis as cache, or of the Celery broker while a request enqueues work after its
commit. None of these is the request's fault and each passes: the answer says "try again in a few seconds",
and the video player's queue does exactly that (static/js/progress.js). A 500 would make it drop the heartbeat.

Such an error can be raised by a view or by any middleware that touches the database (the session, the
signed-in user). Django turns the latter into a 500 response right where it happens, so the outer middleware
here cannot catch the exception itself: `got_request_exception` (sent for every uncaught exception, with the
exception still in `sys.exc_info()`) marks the request, and the middleware replaces that 500 on its way out.
The 503 page is rendered without the request: its context processors would ask the database again.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Long enough for a PostgreSQL restart or a failover to finish, short enough that a learner's queued heartbeats
# are sent again while the lesson is still open.
RETRY_AFTER_SECONDS = 5
API_PREFIX = "/api/"
OUTAGE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError, BrokerError)
_MARK = "_lernhafen_outage"


def is_outage(exception):
    """An error of a part that is down. Celery's Redis result backend, which a web process subscribes to
    for every task it sends, gives up reconnecting with a RuntimeError whose cause is Redis's error."""
    if isinstance(exception, OUTAGE_ERRORS):
        return True
    return isinstance(exception, RuntimeError) and isinstance(exception.__cause__, OUTAGE_ERRORS)


def part_of(exception):
    """Which part is down, for the log: "database", "redis" or "broker"."""
    if isinstance(exception, OperationalError | InterfaceError):
        return "database"
    if isinstance(exception, BrokerError):
        return "broker"
    return "redis"  # the cache, or the result backend (RuntimeError caused by Redis's error)


@receiver(got_request_exception)
def _mark_outage(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and is_outage(exception):
        setattr(request, _MARK, exception)


def outage_response(request, exception):
    logger.warning(
        "%s unavailable, answered 503 to %s %s: %s",
        part_of(exception),
        request.method,
        request.path,
        exception,
    )
    message = _(
        "Der Dienst ist gerade kurz nicht erreichbar. Ihre Eingaben gehen nicht verloren: "
        "Bitte versuchen Sie es in wenigen Sekunden noch einmal."
    )
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse(
            {"errors": {"__all__": message}, "retry_after": RETRY_AFTER_SECONDS}, status=503
        )
    else:
        html = render_to_string("503.html", {"message": message, "retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    """Turns an outage of the database, Redis or the broker into a 503 with Retry-After (see the module).

    Comes right after the CSP middleware: outside everything that may touch the database, inside the one
    that gives every answer, this one too, its Content-Security-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exception = getattr(request, _MARK, None)
        if exception is not None:
            return outage_response(request, exception)
        return response

    def process_exception(self, request, exception):
        # A view's error: answered here, so that DEBUG (the embedded default) shows the 503 too, not its
        # technical error page.
        if is_outage(exception):
            return outage_response(request, exception)
        return None

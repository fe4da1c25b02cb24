"""The floor of bench/heartbeat.py: what any heartbeat must cost on this server, and nothing more.

A view behind the same middleware as POST /api/progress/ (session authentication, CSRF, the session policy)
that parses the JSON body and writes one UPSERT into a benchmark-only table, `bench_heartbeat`, which
bench/_django.py creates (it is no model: the project's migrations never see it).
"""

import json

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

TABLE = "bench_heartbeat"
CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    user_id integer NOT NULL,
    lesson_id integer NOT NULL,
    intervals text NOT NULL,
    position double precision NOT NULL,
    updated_at timestamp NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
)
"""
# SQLite (3.24+) and PostgreSQL both speak this UPSERT.
UPSERT = f"""
INSERT INTO {TABLE} (user_id, lesson_id, intervals, position, updated_at) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (user_id, lesson_id) DO UPDATE
SET intervals = excluded.intervals, position = excluded.position, updated_at = excluded.updated_at
"""


@require_POST
def heartbeat_floor(request):
    if not request.user.is_authenticated:
        return JsonResponse({"errors": {"__all__": "not signed in"}}, status=403)
    try:
        data = json.loads(request.body)
        lesson, position, intervals = int(data["lesson"]), float(data["position"]), data["intervals"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"errors": {"__all__": "bad heartbeat"}}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [request.user.pk, lesson, json.dumps(intervals), position, timezone.now()])
    return JsonResponse({"position": position})

"""A test viewer that plays lesson videos through POST /api/progress/ as the player does, in honest time.

The server credits new coverage no faster than 2× the time since the previous heartbeat (learning.progress),
so a test that wants coverage moves the clock on as a person watching would: `Viewer.play` sends the
heartbeat without stretches that the player sends when playback starts, `Viewer.beat` moves the clock by the
time the reported stretches take to play at `rate` and sends them.
"""

import json
from datetime import UTC, datetime

import time_machine

from learning.progress import covered_seconds, merge_intervals

# A weekday morning in the office; any fixed moment will do.
START = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def travel():
    """A stopped clock at START for `with`: its `shift(seconds)` moves time on (see the `clock` fixture)."""
    return time_machine.travel(START, tick=False)


def post_heartbeat(client, lesson, intervals, position=None):
    """POST one heartbeat now; the position defaults to the end of the last stretch."""
    if position is None:
        position = intervals[-1][1] if intervals else 0
    payload = {"lesson": lesson.pk, "intervals": intervals, "position": position}
    return client.post("/api/progress/", json.dumps(payload), content_type="application/json")


class Viewer:
    """Someone at the player: `client` is signed in, `clock` a time-machine traveller, `rate` the speed."""

    def __init__(self, client, clock, rate=1.0):
        self.client, self.clock, self.rate = client, clock, rate

    def play(self, lesson, position=0):
        """Playback starts: the heartbeat without stretches that starts the server's clock."""
        response = post_heartbeat(self.client, lesson, [], position)
        assert response.status_code == 200, response.content
        return response.json()

    def beat(self, lesson, intervals, position=None):
        """The stretches were played at `rate` since the last heartbeat: the clock moves on, then they are sent."""
        self.clock.shift(covered_seconds(merge_intervals(intervals)) / self.rate)
        response = post_heartbeat(self.client, lesson, intervals, position)
        assert response.status_code == 200, response.content
        return response.json()

    def watch(self, lesson, intervals, position=None):
        """Play, watch the stretches in real time, report them; returns the last answer."""
        self.play(lesson, intervals[0][0] if intervals else 0)
        return self.beat(lesson, intervals, position)

"""The benchmark's URLconf (bench.settings): the whole site, plus the floor view of bench/heartbeat.py."""

from django.urls import path

from bench import floor
from learning.urls import urlpatterns as site_urlpatterns

# Before the site's patterns: Wagtail's page tree answers every path it is given last.
urlpatterns = [path("bench/heartbeat-floor/", floor.heartbeat_floor), *site_urlpatterns]

"""App config of the Digitalisierungslotsen app."""

from django.apps import AppConfig


class LotsenConfig(AppConfig):
    name = "lotsen"
    verbose_name = "Digitalisierungslotsen"

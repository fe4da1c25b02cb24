"""Factories of the Lotsen programme: Lotse profiles, coachings, help requests and sessions."""

import factory
from django.utils import timezone

from lotsen.models import Coaching, CoachingSession, HelpRequest, Lotse

from .courses import competence
from .learning import OrgUnitFactory, UserFactory

__all__ = ["CoachingFactory", "HelpRequestFactory", "LotseFactory", "SessionFactory"]


class LotseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lotse
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, groups=["Digitalisierungslotsen"])
    monthly_quota_hours = 8
    office_hours = "Digi-Sprechstunde dienstags 9–11 Uhr, Raum 1.12 und per Video"

    @factory.post_generation
    def org_units(self, create, extracted, **kwargs):
        if create:
            self.org_units.set(extracted or [OrgUnitFactory()])

    @factory.post_generation
    def codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.competences.set([competence(code) for code in extracted])

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CoachingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coaching

    lotse = factory.SubFactory(LotseFactory)
    colleague = factory.SubFactory(UserFactory)
    accepted_at = factory.LazyFunction(timezone.now)


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    requester = factory.SubFactory(UserFactory)
    topic = "E-Akte"
    message = "Wie lege ich ein Dokument in der E-Akte ab?"
    status = HelpRequest.Status.POOL


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    coaching = factory.SubFactory(CoachingFactory)
    lotse = factory.LazyAttribute(lambda session: session.coaching.lotse)
    minutes = 30
    outcome = "E-Akte-Ablage geübt."

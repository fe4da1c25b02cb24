"""Factories of people: users, organisation units and staff profiles."""

import factory
from django.contrib.auth import get_user_model

from learning.models import OrgUnit, StaffProfile, TrainingRequirement

__all__ = [
    "PASSWORD",
    "OrgUnitFactory",
    "StaffProfileFactory",
    "TrainingRequirementFactory",
    "UserFactory",
    "staff",
]

PASSWORD = "richtig-geheim-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@jobcenter.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Team {n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)


def staff(unit, entry_date=None, **user_fields):
    """A user with a staff profile in `unit`."""
    user = UserFactory(**user_fields)
    StaffProfile.objects.update_or_create(user=user, defaults={"org_unit": unit, "entry_date": entry_date})
    return user


class TrainingRequirementFactory(factory.django.DjangoModelFactory):
    """A requirement for all staff, every 12 months from the last completion; pass `course`."""

    class Meta:
        model = TrainingRequirement
        skip_postgeneration_save = True

    name = factory.LazyAttribute(lambda r: f"Pflicht: {r.course.title}")
    all_staff = True
    interval_months = 12

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)

    @factory.post_generation
    def org_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.org_units.set(extracted)

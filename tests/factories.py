"""factory_boy factories for the tests."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from courses.models import CaptionTrack, HomePage, PortalPage, Video
from learning.models import OrgUnit, StaffProfile

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


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Jobcenter Musterkreis"
    slug = "jobcenter"


class PortalPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PortalPage

    title = "Mein Lernen"
    slug = "lernen"


class VideoFactory(factory.django.DjangoModelFactory):
    """A video row with a placeholder file; tests that need a playable one pass `file=` (see sample_mp4)."""

    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Erklärvideo {n}")
    type = "video"
    file = factory.django.FileField(filename="erklaervideo.mp4", data=b"\x00\x00\x00\x18ftypisom placeholder")


class CaptionTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaptionTrack

    video = factory.SubFactory(VideoFactory)
    language = "de"
    file = factory.django.FileField(
        filename="untertitel.vtt",
        data=b"WEBVTT\n\n00:00.000 --> 00:02.500\nWillkommen im Jobcenter.\n",
    )

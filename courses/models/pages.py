"""Page types: public home, the staff portal with catalogue, programmes, courses and lessons."""

import operator
from collections import defaultdict
from functools import reduce

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from courses import quiz
from courses.blocks import LessonBodyBlock
from courses.editor import StreamFieldWidget
from courses.public.translation import TRANSLATIONS_TAB, fallback_context

from .competences import LEVEL_CHOICES
from .mixins import AudienceMixin, IntroMixin
from .video import video_edit_link

__all__ = [
    "CatalogPage",
    "CourseCompetence",
    "CoursePage",
    "CourseTag",
    "HomePage",
    "LessonPage",
    "LessonTag",
    "PortalPage",
    "ProgrammePage",
    "ensure_login_restriction",
    "for_audience_first",
    "shown_to",
]


def tabs(content, *more, promote=True):
    """An editor's tabs: content first, then the given (heading, panels) pairs, promotion and settings."""
    lists = [ObjectList(content, heading=_("Inhalt"))]
    lists += [ObjectList(panels, heading=heading) for heading, panels in more]
    if promote:
        lists.append(ObjectList(Page.promote_panels, heading=_("Auffindbarkeit")))
    lists.append(ObjectList(Page.settings_panels, heading=_("Einstellungen")))
    return TabbedInterface(lists)


class HomePage(IntroMixin, Page):
    """The public start page of the job centre's site."""

    content_panels = [*Page.content_panels, *IntroMixin.intro_panels]
    edit_handler = tabs(content_panels, TRANSLATIONS_TAB)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "courses.ExplainerIndexPage",
        "courses.PortalPage",
        "courses.AccessibilityStatementPage",
        "courses.PublicPrivacyNoticePage",
        "courses.ImprintPage",
    ]

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(fallback_context(self))
        return context


class PortalPage(IntroMixin, Page):
    """ "Mein Lernen": the staff learning portal. It and everything below it needs a login."""

    content_panels = [*Page.content_panels, *IntroMixin.intro_panels]

    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CatalogPage", "courses.ProgrammePage", "courses.StaffPrivacyNoticePage"]

    class Meta:
        verbose_name = _("Lernportal")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        ensure_login_restriction(self)


def ensure_login_restriction(page):
    """Staff content is never public: make sure a "login required" restriction sits on the page."""
    if not PageViewRestriction.objects.filter(page=page).exists():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


class CatalogPage(IntroMixin, Page):
    """The course catalogue: search and filters over all courses below it."""

    content_panels = [*Page.content_panels, *IntroMixin.intro_panels]

    parent_page_types = ["courses.PortalPage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Kurskatalog")

    def get_context(self, request, *args, **kwargs):
        from courses.catalog import catalog_context  # noqa: PLC0415 - the catalogue module imports this one

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(self, request))
        return context


class ProgrammePage(IntroMixin, AudienceMixin, Page):
    """A programme such as "BASS-Studium" or "Pflichtschulungen"; courses name their programme."""

    audience_group = models.ForeignKey(
        Group,
        verbose_name=_("Gruppe der Zielgruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Wer zu dieser Gruppe gehört, sieht die Kurse des Programms im Katalog zuerst. "
            "Platzhalter-Kurse des Programms sieht nur diese Gruppe."
        ),
    )

    content_panels = [
        *Page.content_panels,
        *IntroMixin.intro_panels,
        *AudienceMixin.audience_panels,
        FieldPanel("audience_group"),
    ]

    parent_page_types = ["courses.PortalPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Programm")
        verbose_name_plural = _("Programme")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live()
            .filter(shown_to(request.user), programme=self)
            .order_by("title")
            .select_related("programme")
            .prefetch_related("tags", "course_competences__competence")
        )
        return context


class CourseTag(TaggedItemBase):
    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items")


class LessonTag(TaggedItemBase):
    content_object = ParentalKey("courses.LessonPage", on_delete=models.CASCADE, related_name="tagged_items")


class CourseCompetence(Orderable):
    """A competence a course builds, with the level a learner reaches."""

    course = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="course_competences")
    competence = models.ForeignKey(
        "courses.Competence",
        verbose_name=_("Kompetenz"),
        on_delete=models.PROTECT,
        related_name="course_links",
        limit_choices_to=~models.Q(area_code=""),
    )
    target_level = models.PositiveSmallIntegerField(_("Zielniveau"), choices=LEVEL_CHOICES, default=3)

    panels = [FieldPanel("competence"), FieldPanel("target_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("Kompetenz des Kurses")
        verbose_name_plural = _("Kompetenzen des Kurses")
        constraints = [
            models.UniqueConstraint(fields=["course", "competence"], name="course_competence_unique"),
        ]


def shown_to(user):
    """A filter over CoursePage: the courses `user` may see. A placeholder (a module whose content is still
    to come) is only for the audience group of its programme; every other course is for everyone here."""
    if not user.is_authenticated:
        return models.Q(placeholder=False)
    return models.Q(placeholder=False) | models.Q(programme__audience_group__in=user.groups.values("pk"))


def for_audience_first(user):
    """An ordering expression: 0 for courses of a programme whose audience group `user` belongs to, else 1."""
    if not user.is_authenticated:
        return models.Value(1)
    return models.Case(
        models.When(programme__audience_group__in=user.groups.values("pk"), then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )


# A week at most: a longer wait would keep a learner from a mandatory training's check past its due date.
MAX_CHECK_WAIT_MINUTES = 7 * 24 * 60


class CoursePageForm(WagtailAdminPageForm):
    """The course editor. Its dates are written to the database as the form is saved (see courses.models.dates):
    they are not part of the page's revisions. A date that has registrations is called off, not deleted."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("termine")
        if formset is None or not formset.is_valid():
            return cleaned  # the formset shows its own errors
        deleted = formset.deleted_forms
        kept = [f for f in formset.forms if f not in deleted and (f.instance.pk or f.has_changed())]
        if cleaned.get("completion_rule") == CoursePage.Completion.ATTENDANCE and not kept:
            self.add_error("completion_rule", _("Für diese Regel braucht der Kurs mindestens einen Termin."))
        for form in deleted:
            if form.instance.pk and is_protected(form.instance):
                self.add_error(
                    None,
                    _(
                        "Für den Termin am %(date)s gibt es Anmeldungen. Setzen Sie „Abgesagt“, statt ihn zu "
                        "löschen: Dann erhalten die Angemeldeten eine Absage."
                    )
                    % {"date": form.instance.when_label},
                )
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=commit)
        if not commit and page.pk:
            page.termine.commit()  # new pages write theirs when they are first saved
        return page


def protecting_rows(objs):
    """The rows elsewhere (registrations, mandatory trainings of the learner record) that protect `objs` (one
    instance or a queryset) from deletion; empty when they may go.

    One Collector for a queryset follows each relation once for all its rows, as the deletion itself would: the
    queries grow with the kinds of rows involved, not with their number."""
    collector = Collector(using="default")
    try:
        collector.collect(objs if isinstance(objs, models.QuerySet) else [objs])
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    return []


def is_protected(instance):
    return bool(protecting_rows(instance))


def deletion_refusals(*pages):
    """Why `pages` cannot be deleted with the pages below them, one German sentence per reason; empty when they
    can.

    A protecting row says why itself (`deletion_refusal()`; what that reads, its model may name in
    `deletion_refusal_related` for select_related); other rows get a sentence naming their kind. A constant
    number of queries however many pages lie below."""
    if not pages:
        return []
    subtrees = Page.objects.filter(reduce(operator.or_, (Q(path__startswith=page.path) for page in pages)))
    by_model = defaultdict(list)
    for row in protecting_rows(subtrees):
        by_model[type(row)].append(row.pk)
    reasons = []
    for model, pks in sorted(by_model.items(), key=lambda item: item[0]._meta.label):
        # The collector's rows hold little more than their keys: fetch each kind once with what its reason reads.
        rows = model._base_manager.filter(pk__in=pks).order_by("pk")
        rows = rows.select_related(*getattr(model, "deletion_refusal_related", ()))
        for row in rows:
            refusal = getattr(row, "deletion_refusal", None)
            reason = str(
                refusal()
                if refusal
                else _("Eine der Seiten wird noch verwendet von: %(kind)s.")
                % {"kind": model._meta.verbose_name_plural}
            )
            if reason not in reasons:
                reasons.append(reason)
    return reasons


class CoursePage(AudienceMixin, Page):
    """A course: lessons below it, goals, competences, prerequisites and how it is completed."""

    class Completion(models.TextChoices):
        ALL_LESSONS = "all", _("Alle Lektionen abgeschlossen")
        REQUIRED_LESSONS = "required", _("Alle Pflicht-Lektionen abgeschlossen")
        ATTENDANCE = "attendance", _("Teilnahme an einem Termin (Lektionen zur Vorbereitung)")

    summary = models.TextField(
        _("Kurzbeschreibung"), max_length=500, help_text=_("Zwei bis drei Sätze für den Katalog.")
    )
    learning_goals = RichTextField(
        _("Lernziele"), features=["ul", "bold"], blank=True, help_text=_("Nach dem Kurs können Sie …")
    )
    estimated_minutes = models.PositiveIntegerField(_("Dauer in Minuten"), default=30)
    programme = models.ForeignKey(
        "courses.ProgrammePage",
        verbose_name=_("Programm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=CourseTag, blank=True, verbose_name=_("Schlagwörter"))
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("Voraussetzungen"),
        symmetrical=False,
        blank=True,
        related_name="required_for",
        help_text=_("Kurse, die vor diesem Kurs abgeschlossen sein müssen."),
    )
    completion_rule = models.CharField(
        _("Abschluss"), max_length=20, choices=Completion.choices, default=Completion.ALL_LESSONS
    )
    placeholder = models.BooleanField(
        _("Platzhalter"),
        default=False,
        help_text=_(
            "Ein Platzhalter, dessen Inhalte noch folgen, ist nur für die Gruppe der Zielgruppe seines "
            "Programms sichtbar: im Katalog, in „Mein Lernen“, in der Suche und unter seiner Adresse."
        ),
    )
    certificate_enabled = models.BooleanField(_("Zertifikat ausstellen"), default=True)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("Gültigkeit des Zertifikats in Monaten"),
        null=True,
        blank=True,
        help_text=_(
            "Leer lassen, wenn das Zertifikat unbegrenzt gilt (z. B. 12 bei jährlichen Unterweisungen)."
        ),
    )
    # The attempt policy of the course's knowledge checks (courses.quiz.AttemptPolicy). Plain integer fields
    # with validators of their own, so a bad value gets a German message rather than the form field's.
    check_max_failed_attempts = models.IntegerField(
        _("Fehlversuche bis zur Wartezeit"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Geben Sie mindestens 1 Versuch an oder lassen Sie das Feld leer.")),
            MaxValueValidator(100, _("Geben Sie höchstens 100 Versuche an.")),
        ],
        help_text=_(
            "Nach so vielen nicht bestandenen Versuchen in Folge warten Lernende, bevor sie einen "
            "Wissenscheck erneut absenden können. Leer lassen: beliebig viele Versuche ohne Wartezeit."
        ),
    )
    check_wait_minutes = models.IntegerField(
        _("Wartezeit in Minuten"),
        default=10,
        validators=[
            MinValueValidator(0, _("Die Wartezeit kann nicht negativ sein.")),
            MaxValueValidator(
                MAX_CHECK_WAIT_MINUTES, _("Die Wartezeit darf höchstens eine Woche (10080 Minuten) betragen.")
            ),
        ],
        help_text=_("Gilt nur, wenn oben eine Zahl von Fehlversuchen steht."),
    )
    check_feedback = models.CharField(
        _("Auswertung je Frage zeigen"),
        max_length=30,
        choices=quiz.FeedbackMode.choices,
        default=quiz.FeedbackMode.IMMEDIATELY,
        help_text=_(
            "Wann Lernende sehen, welche Fragen sie richtig beantwortet haben, mit den Rückmeldungen und "
            "Erklärungen. Das Gesamtergebnis sehen sie immer."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        *AudienceMixin.audience_panels,
        FieldPanel("programme"),
        FieldPanel("placeholder"),
        FieldPanel("estimated_minutes"),
        FieldPanel("tags"),
    ]
    goal_panels = [
        FieldPanel("learning_goals"),
        InlinePanel("course_competences", heading=_("Kompetenzen (DigComp 2.2)"), label=_("Kompetenz")),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("completion_rule"),
                FieldPanel("certificate_enabled"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Abschluss und Zertifikat"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("check_max_failed_attempts"),
                FieldPanel("check_wait_minutes"),
                FieldPanel("check_feedback"),
            ],
            heading=_("Wissenschecks: Versuche und Auswertung"),
        ),
    ]
    date_panels = [
        InlinePanel(
            "termine",
            heading=_("Termine"),
            label=_("Termin"),
            help_text=_(
                "Ein Kurs mit Terminen ist mit der Teilnahme an einem Termin abgeschlossen (und seinen Lektionen, "
                "falls er welche hat). Termine gelten sofort beim Speichern, auch als Entwurf."
            ),
        )
    ]
    edit_handler = tabs(
        content_panels, (_("Lernziele und Abschluss"), goal_panels), (_("Termine"), date_panels)
    )
    base_form_class = CoursePageForm
    # A copy is a new course: its dates (with their calendar UIDs and registrations) stay with the original.
    exclude_fields_in_copy = ["termine"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.SearchField("audience"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("programme"),
        index.FilterField("estimated_minutes"),
    ]

    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("Kurs")
        verbose_name_plural = _("Kurse")

    def serializable_data(self):
        # Dates are not content: a draft, a scheduled publication or a revert never changes or deletes one.
        data = super().serializable_data()
        data.pop("termine", None)
        return data

    def upcoming_dates(self, now=None):
        """The course's dates that have not ended and were not called off, soonest first."""
        return self.termine.filter(ends_at__gt=now or timezone.now(), cancelled=False).order_by("starts_at")

    @cached_property
    def has_dates(self):
        """A course with dates is completed by attending one (learning.completion)."""
        return self.termine.exists()

    def clean(self):
        super().clean()
        # prerequisites may be an unsaved in-memory cluster relation, which cannot filter by pk.
        if self.pk and any(course.pk == self.pk for course in self.prerequisites.all()):
            raise ValidationError(
                {"prerequisites": _("Ein Kurs kann nicht seine eigene Voraussetzung sein.")}
            )
        attempts, minutes = self.check_max_failed_attempts, self.check_wait_minutes
        if attempts is not None and isinstance(minutes, int) and minutes == 0:
            raise ValidationError(
                {
                    "check_wait_minutes": _(
                        "Mit einer Zahl von Fehlversuchen braucht es eine Wartezeit von mindestens 1 Minute. "
                        "Lassen Sie sonst die Fehlversuche leer."
                    )
                }
            )

    @property
    def check_policy(self):
        """The attempt policy of this course's knowledge checks."""
        return quiz.AttemptPolicy(
            max_failed=self.check_max_failed_attempts,
            wait_minutes=self.check_wait_minutes,
            feedback=self.check_feedback,
        )

    def shown_only_to(self):
        """The ids of the groups that alone may see this course and its lessons (see `shown_to`), or None when
        it is for everyone here. A placeholder of a programme without an audience group is for nobody."""
        if not self.placeholder:
            return None
        group_id = self.programme.audience_group_id if self.programme_id else None
        return frozenset({group_id} if group_id else ())

    def is_shown_to(self, user):
        """Whether `user` may see this course and its lessons (see `shown_to`)."""
        groups = self.shown_only_to()
        if groups is None:
            return True
        return bool(user.is_authenticated and groups and user.groups.filter(pk__in=groups).exists())

    def serve(self, request, *args, **kwargs):
        # A placeholder does not exist for anyone outside its audience; editors still preview it.
        if not getattr(request, "is_preview", False) and not self.is_shown_to(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def lessons(self):
        """The live lessons of this course in their order in the page tree."""
        return LessonPage.objects.live().child_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        context["competences"] = self.course_competences.select_related("competence")
        context["prerequisite_courses"] = self.prerequisites.live().order_by("title")
        return context


class LessonPageForm(WagtailAdminPageForm):
    """Refuses to publish a lesson whose videos cannot be followed without sound (no captions)."""

    def clean(self):
        cleaned_data = super().clean()
        if "action-publish" not in self.data:
            return cleaned_data
        body = cleaned_data.get("body") or []
        uncaptioned = {
            block.value["video"].pk: block.value["video"]
            for block in body
            if block.block_type == "video" and block.value["video"] and not block.value["video"].has_captions
        }
        if uncaptioned:
            # At the body, where StreamFieldWidget shows the link that a form-wide error would show as markup.
            self.add_error(
                "body",
                [
                    ValidationError(
                        format_html(
                            _(
                                "Diese Lektion kann noch nicht veröffentlicht werden: Das Video „{title}“ hat "
                                "keine Untertitel. Laden Sie zuerst eine Untertiteldatei (WebVTT) zum Video hoch: "
                                "{link}. Als Entwurf können Sie die Lektion speichern."
                            ),
                            title=video.title,
                            link=video_edit_link(video),
                        ),
                        code="uncaptioned_video",
                    )
                    for video in uncaptioned.values()
                ],
            )
            # add_error takes the body out of cleaned_data; the lesson's own checks (LessonPage.clean) still
            # judge the body as entered, so they do not report a missing video block on top.
            cleaned_data["body"] = body
        return cleaned_data


class LessonPage(Page):
    """One lesson of a course: a body of blocks and the rule that marks it complete."""

    class Rule(models.TextChoices):
        VIDEO = "video", _("Video zu 95 % angesehen")
        QUIZ = "quiz", _("Wissenscheck bestanden")
        READ = "read", _("Als gelesen bestätigt")

    intro = models.TextField(_("Einleitung"), max_length=500, blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("Inhalt"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("Dauer in Minuten"), default=10)
    completion_rule = models.CharField(_("Abgeschlossen, wenn"), max_length=10, choices=Rule.choices)
    required = models.BooleanField(
        _("Pflicht-Lektion"), default=True, help_text=_("Pflicht-Lektionen zählen für den Kursabschluss.")
    )
    tags = ClusterTaggableManager(through=LessonTag, blank=True, verbose_name=_("Schlagwörter"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body", widget=StreamFieldWidget(body.stream_block)),
    ]
    completion_panels = [
        FieldPanel("completion_rule"),
        FieldPanel("required"),
        FieldPanel("estimated_minutes"),
    ]
    edit_handler = tabs(
        content_panels, (_("Abschluss"), completion_panels), (_("Schlagwörter"), [FieldPanel("tags")])
    )
    base_form_class = LessonPageForm

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Lektion")
        verbose_name_plural = _("Lektionen")

    def clean(self):
        super().clean()
        if self.completion_rule == self.Rule.VIDEO and self.video is None:
            raise ValidationError(
                {"completion_rule": _("Für diese Regel braucht die Lektion einen Video-Block.")}
            )
        if self.completion_rule == self.Rule.QUIZ and self.knowledge_check is None:
            raise ValidationError(
                {"completion_rule": _("Für diese Regel braucht die Lektion einen Wissenscheck.")}
            )

    @cached_property
    def video(self):
        """The lesson's first video: the one whose viewing completes the lesson."""
        return next((block.value["video"] for block in self.body if block.block_type == "video"), None)

    @cached_property
    def knowledge_check(self):
        """The lesson's knowledge check block (a bound block with a stable id), or None."""
        return next((block for block in self.body if block.block_type == "knowledge_check"), None)

    @cached_property
    def course(self):
        return CoursePage.objects.parent_of(self).first()

    def get_context(self, request, *args, quiz_context=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.course
        siblings = list(self.get_siblings().live().type(LessonPage).order_by("path").specific())
        # A draft in preview is not among the live siblings: it gets no neighbours.
        position = next((i for i, sibling in enumerate(siblings) if sibling.pk == self.pk), None)
        has_place = position is not None
        context["previous_lesson"] = siblings[position - 1] if has_place and position > 0 else None
        context["next_lesson"] = (
            siblings[position + 1] if has_place and position + 1 < len(siblings) else None
        )
        # "Lektion 2 von 5": the place among the course's live lessons.
        context["lesson_number"] = position + 1 if has_place else None
        context["lesson_count"] = len(siblings)
        if self.knowledge_check is not None:
            context["quiz"] = quiz_context or self.present_check(request)
        return context

    @property
    def check_policy(self):
        """The attempt policy of the course (a draft in preview without a course gets the open default)."""
        return self.course.check_policy if self.course is not None else quiz.AttemptPolicy()

    def present_check(self, request):
        """The check as a learner sees it now: a fresh answer order, and whether they must wait first."""
        policy = self.check_policy
        status = policy.status(quiz.history_for(policy, request.user, self), timezone.now())
        return quiz.present(self.knowledge_check, policy=policy, status=status)

    def serve(self, request, *args, **kwargs):
        """A POST is a knowledge-check submission: refuse it while the learner must wait, else score it
        on the server and show the result (per-question feedback as the course's policy allows)."""
        course = self.course
        if (
            course is not None
            and not getattr(request, "is_preview", False)
            and not course.is_shown_to(request.user)
        ):
            raise Http404  # a lesson of a placeholder course, for someone outside its audience
        if request.method != "POST" or self.knowledge_check is None:
            return super().serve(request, *args, **kwargs)
        check, policy, now = self.knowledge_check, self.check_policy, timezone.now()
        history = quiz.history_for(policy, request.user, self, submitting=True)
        status = policy.status(history, now)
        seed = quiz.order_seed(request.POST)
        if status.locked:
            presented = quiz.present(
                check, submitted=request.POST, seed=seed, policy=policy, status=status, refused=True
            )
            response = self.render_check(request, presented, args, kwargs, status=429)
            response["Retry-After"] = str(max(1, int((status.locked_until - now).total_seconds())))
            return response
        try:
            chosen = quiz.read_submission(check, request.POST)
        except quiz.QuizInputError as error:
            presented = quiz.present(
                check, errors=error.errors, submitted=request.POST, seed=seed, policy=policy, status=status
            )
            return self.render_check(request, presented, args, kwargs, status=400)
        result = quiz.score(check, chosen)
        with transaction.atomic():
            quiz.knowledge_check_submitted.send(
                sender=LessonPage, lesson=self, user=request.user, result=result
            )
        # The next attempt gets a new answer order; the status is the one this attempt leads to.
        presented = quiz.present(
            check, result=result, policy=policy, status=policy.status(history.after(result, now), now)
        )
        return self.render_check(request, presented, args, kwargs)

    def render_check(self, request, presented, args, kwargs, status=200):
        context = self.get_context(request, *args, quiz_context=presented, **kwargs)
        return TemplateResponse(request, self.get_template(request), context, status=status)

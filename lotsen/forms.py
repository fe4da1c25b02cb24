"""Forms of the Lotsen pages; every error message is German and nothing is stored when one shows."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Competence
from learning.models.org import display_name

from . import permissions, selfcheck
from .models import FREE_TOPICS, CoachingSession, Lotse, MeetingFormat, SelfLevel

# A session is logged soon after it happened; an office hour is a room, not a stadium.
MAX_DAYS_BACK = 366
MAX_PARTICIPANTS = 500


def digcomp_competences():
    return Competence.objects.filter(framework="DigComp 2.2").exclude(area_code="").order_by("code")


class TopicsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=digcomp_competences(),
            required=False,
            label=_("Themen"),
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title_de}"


class HelpRequestForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Wobei brauchen Sie Hilfe?"),
        error_messages={
            "required": _("Bitte wählen Sie ein Thema."),
            "invalid_choice": _("Bitte wählen Sie ein Thema aus der Liste."),
        },
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        help_text=_(
            "Beschreiben Sie kurz, was Sie vorhaben und wo es hakt. Bitte keine Daten von Kundinnen und Kunden."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Bitte schreiben Sie kurz, wobei Sie Hilfe brauchen."),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen."),
        },
    )
    preferred_format = forms.ChoiceField(
        label=_("Wie möchten Sie sprechen?"),
        choices=MeetingFormat.choices,
        initial=MeetingFormat.IN_PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, wie Sie sprechen möchten.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = {f"c{c.pk}": c for c in digcomp_competences()}
        self.fields["topic"].choices = [
            ("", _("Bitte wählen")),
            (_("Häufige Themen"), [(f"t{topic}", topic) for topic in FREE_TOPICS]),
            (
                _("Digitale Kompetenzen (DigComp 2.2)"),
                [(key, f"{c.code} {c.title_de}") for key, c in self.competences.items()],
            ),
        ]

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Bitte schreiben Sie kurz, wobei Sie Hilfe brauchen."))
        return message

    def topic_fields(self):
        """{"competence": Competence | None, "topic": str} for the chosen topic."""
        value = self.cleaned_data["topic"]
        if value.startswith("c"):
            return {"competence": self.competences[value], "topic": ""}
        return {"competence": None, "topic": value[1:]}


class HandOverForm(forms.Form):
    """Whom a Lotse hands a request over to: any other active Lotse. The page offers a short list to choose
    from (lotsen.dashboard.hand_over_choices), not all of them: a job centre may have hundreds."""

    to_lotse = forms.ModelChoiceField(
        label=_("An wen übergeben?"),
        queryset=Lotse.objects.none(),
        error_messages={
            "required": _("Bitte wählen Sie eine Lotsin oder einen Lotsen."),
            "invalid_choice": _("Diese Lotsin oder diesen Lotsen gibt es nicht mehr. Bitte wählen Sie neu."),
        },
    )

    def __init__(self, *args, lotse, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_lotse"].queryset = (
            Lotse.objects.filter(permissions.active_lotsen()).exclude(pk=lotse.pk).select_related("user")
        )


class StartCoachingForm(forms.Form):
    colleague = forms.ModelChoiceField(
        label=_("Wen begleiten Sie?"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={"required": _("Bitte wählen Sie eine Kollegin oder einen Kollegen.")},
    )
    competences = TopicsField()

    def __init__(self, *args, lotse, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(pk=lotse.user_id)
            .order_by("last_name", "first_name")
        )
        self.fields["colleague"].label_from_instance = display_name


class SessionForm(forms.ModelForm):
    """Quick entry: date today, 30 minutes, in person; only what happened and what is next to type."""

    private_notes = forms.CharField(
        label=_("Private Notiz"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur Sie sehen diese Notiz – nie die Kollegin oder der Kollege, nie ein Bericht."),
    )
    competences = TopicsField()

    class Meta:
        model = CoachingSession
        fields = ["date", "minutes", "format", "competences", "outcome", "follow_up", "follow_up_due"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "format": forms.RadioSelect,
            "minutes": forms.NumberInput(attrs={"max": 600, "step": 5}),
        }
        error_messages = {
            "date": {
                "required": _("Bitte geben Sie das Datum an."),
                "invalid": _("Bitte geben Sie ein gültiges Datum an."),
            },
            "minutes": {
                "required": _("Bitte geben Sie die Dauer in Minuten an."),
                "invalid": _("Bitte geben Sie die Dauer als ganze Zahl an."),
                "min_value": _("Die Dauer muss mindestens 1 Minute sein."),
                "max_value": _("Die Dauer darf höchstens 600 Minuten sein."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if minutes is not None and minutes < 1:
            raise forms.ValidationError(_("Die Dauer muss mindestens 1 Minute sein."))
        return minutes

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date > today:
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        if date < today - datetime.timedelta(days=MAX_DAYS_BACK):
            raise forms.ValidationError(_("Das Datum darf höchstens ein Jahr zurückliegen."))
        return date

    def clean(self):
        cleaned = super().clean()
        due, date = cleaned.get("follow_up_due"), cleaned.get("date")
        if due and not cleaned.get("follow_up"):
            self.add_error("follow_up", _("Bitte schreiben Sie, was bis zu diesem Datum passieren soll."))
        if due and date and due < date:
            self.add_error("follow_up_due", _("Der nächste Schritt kann nicht vor dem Termin liegen."))
        return cleaned


class GroupSessionForm(SessionForm):
    """Office hours and group sessions: a head count, no names."""

    class Meta(SessionForm.Meta):
        fields = ["date", "minutes", "format", "participant_count", "competences", "outcome"]
        error_messages = {
            **SessionForm.Meta.error_messages,
            "participant_count": {
                "required": _("Bitte geben Sie an, wie viele Personen da waren."),
                "min_value": _("Es muss mindestens eine Person teilgenommen haben."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant_count"].required = True
        self.fields["minutes"].initial = 60

    def clean_participant_count(self):
        count = self.cleaned_data["participant_count"]
        if count is not None and count < 1:
            raise forms.ValidationError(_("Es muss mindestens eine Person teilgenommen haben."))
        if count is not None and count > MAX_PARTICIPANTS:
            raise forms.ValidationError(
                _("Bitte prüfen Sie die Zahl: höchstens %(max)d Personen.") % {"max": MAX_PARTICIPANTS}
            )
        return count


class ConsentForm(forms.Form):
    class Decision(models.TextChoices):
        GIVE = "give", _("einwilligen")
        REVOKE = "revoke", _("widerrufen")

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Lernstand")
        SELF_CHECK = "self_check", _("Kompetenz-Check")

    consent = forms.ChoiceField(choices=Decision.choices)
    kind = forms.ChoiceField(choices=Kind.choices, required=False)

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.Kind.PROGRESS


class EndCoachingForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Ein Satz zum Abschluss (freiwillig)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(),
        error_messages={"max_length": _("Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen.")},
    )


class SelfCheckForm(forms.Form):
    """One required four-step question per DigComp competence, grouped by area for the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = selfcheck.competences()
        self.by_name = {}
        for _area, members in self.areas:
            for competence in members:
                name = f"c{competence.pk}"
                self.by_name[name] = competence
                self.fields[name] = forms.TypedChoiceField(
                    label=selfcheck.STATEMENTS.get(competence.code, competence.title_de),
                    choices=SelfLevel.choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Bitte wählen Sie bei dieser Aussage eine Stufe."),
                        "invalid_choice": _("Bitte wählen Sie eine der vier Stufen."),
                    },
                )

    def grouped(self):
        return [(area, [(c, self[f"c{c.pk}"]) for c in members]) for area, members in self.areas]

    def levels(self):
        return {self.by_name[name]: level for name, level in self.cleaned_data.items()}

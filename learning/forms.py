"""Forms of the learner record."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

from . import assignments
from .models import Certificate, OrgUnit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Benutzername oder Passwort stimmen nicht. Bitte prüfen Sie Ihre Eingabe. "
            "Achten Sie auf Groß- und Kleinschreibung."
        ),
        "inactive": _("Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Koordination."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Benutzername")
        self.fields["password"].label = _("Passwort")


class AssignmentForm(forms.Form):
    """Koordination assigns a live course with a due date to a unit (with its sub-units) or to people."""

    course = forms.ModelChoiceField(label=_("Kurs"), queryset=CoursePage.objects.none())
    org_unit = forms.ModelChoiceField(
        label=_("Organisationseinheit"),
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text=_("Alle Beschäftigten dieser Einheit und ihrer Untereinheiten."),
    )
    users = forms.ModelMultipleChoiceField(
        label=_("Einzelne Beschäftigte"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name"),
        required=False,
    )
    due_date = forms.DateField(label=_("Fällig bis"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["users"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise forms.ValidationError(_("Das Fälligkeitsdatum darf nicht in der Vergangenheit liegen."))
        return due_date

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("org_unit") and not cleaned_data.get("users"):
            raise forms.ValidationError(_("Wählen Sie eine Organisationseinheit oder einzelne Beschäftigte."))
        return cleaned_data

    def recipients(self):
        return assignments.recipients(self.cleaned_data["org_unit"], self.cleaned_data["users"])


class RevokeCertificateForm(forms.Form):
    """Koordination revokes a certificate by its number, with a reason."""

    number = forms.CharField(label=_("Zertifikatsnummer"), max_length=20)
    reason = forms.CharField(label=_("Grund des Widerrufs"), max_length=200)

    error_messages = {
        "number": _("Bitte geben Sie die Zertifikatsnummer ein."),
        "unknown": _("Zu dieser Nummer gibt es kein Zertifikat. Bitte prüfen Sie die Nummer."),
        "reason": _("Bitte geben Sie einen Grund für den Widerruf an."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].error_messages["required"] = self.error_messages["number"]
        self.fields["reason"].error_messages["required"] = self.error_messages["reason"]
        self.fields["reason"].error_messages["max_length"] = _(
            "Bitte fassen Sie den Grund kürzer (höchstens 200 Zeichen)."
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.error_messages["reason"])
        return reason

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        self.certificate = Certificate.objects.filter(number=number).first()
        if self.certificate is None:
            raise forms.ValidationError(self.error_messages["unknown"])
        return number

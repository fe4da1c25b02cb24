"""Forms of the learner record."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.spreadsheets import SpreadsheetError, check_size

from . import staff_import
from .models import Certificate
from .models.org import display_name


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


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form (current password first, the validators of AUTH_PASSWORD_VALIDATORS), in our words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Aktuelles Passwort")
        self.fields["new_password1"].label = _("Neues Passwort")
        self.fields["new_password2"].label = _("Neues Passwort wiederholen")
        self.error_messages["password_incorrect"] = _(
            "Das aktuelle Passwort stimmt nicht. Bitte geben Sie es noch einmal ein."
        )


class SecondFactorForm(forms.Form):
    """The 6-digit code of the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("Der 6-stellige Code aus Ihrer Authenticator-App oder einer Ihrer Notfall-Codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Bitte geben Sie den Code ein.")},
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class RequirementForm(WagtailAdminModelForm):
    """A requirement needs an audience; the many-to-many parts of it are only known to the form."""

    def clean(self):
        cleaned_data = super().clean()
        try:
            self.instance.all_staff = cleaned_data.get("all_staff", False)
            self.instance.new_staff_days = cleaned_data.get("new_staff_days")
            self.instance.clean_audience(cleaned_data.get("groups"), cleaned_data.get("org_units"))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return cleaned_data


class ExemptionForm(WagtailAdminModelForm):
    """A person is exempt from a requirement until a date, for a reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True, staff_profile__isnull=False)
        self.fields["user"].queryset = users.order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = display_name
        self.fields["reason"].error_messages["required"] = _("Bitte geben Sie einen Grund an.")
        self.fields["until"].error_messages["required"] = _(
            "Bitte geben Sie an, bis wann die Befreiung gilt."
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Bitte geben Sie einen Grund an."))
        return reason


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


class StaffImportForm(forms.Form):
    """Koordination's upload of HR's lists (learning.staff_import); the files go to a dry run first."""

    units_file = forms.FileField(
        label=_("Organisationseinheiten (CSV oder XLSX)"),
        required=False,
        help_text=_("Spalten: Kennung; Name; Übergeordnete Kennung; Kurzbezeichnung."),
    )
    staff_file = forms.FileField(
        label=_("Beschäftigte (CSV oder XLSX)"),
        required=False,
        help_text=_(
            "Spalten: Personalnummer; Benutzername; Vorname; Nachname; E-Mail; Organisationseinheit; "
            "BASS-Jahrgang; Eintrittsdatum; Aktiv. Eine Excel-Arbeitsmappe darf beide Listen als Blätter enthalten."
        ),
    )
    full = forms.BooleanField(
        label=_("Vollständiger Export"),
        required=False,
        help_text=_("Wer in der Liste der Beschäftigten fehlt, wird deaktiviert (nicht gelöscht)."),
    )

    def clean(self):
        cleaned = super().clean()
        files = [cleaned.get(name) for name in ("units_file", "staff_file") if cleaned.get(name)]
        if not files and not self.errors:
            raise forms.ValidationError(_("Bitte wählen Sie mindestens eine Datei aus."))
        for upload in files:
            try:
                check_size(upload.name, upload.size, staff_import.max_bytes())
            except SpreadsheetError as error:
                raise forms.ValidationError(str(error)) from error
        cleaned["uploads"] = [(upload.name, upload.read()) for upload in files]
        return cleaned

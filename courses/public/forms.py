"""The accessibility feedback form that visitors send from the accessibility statement."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import AccessibilityFeedback

HONEYPOT_FIELD = "website"


class FeedbackForm(forms.ModelForm):
    # Bots fill in every field; people never see this one (see the template). It is not a model field.
    website = forms.CharField(required=False, label=_("Bitte lassen Sie dieses Feld leer"))

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "name", "email", "page_url"]
        labels = {
            "message": _("Ihre Nachricht"),
            "name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "page_url": _("Seite, um die es geht"),
        }
        help_texts = {
            "message": _("Beschreiben Sie bitte, was nicht funktioniert. Höchstens 2000 Zeichen."),
            "email": _("Nur wenn Sie eine Antwort möchten."),
            "page_url": _("Zum Beispiel https://www.jobcenter-musterkreis.de/erklaert/ oder /erklaert/"),
        }
        error_messages = {
            "message": {
                "required": _("Bitte schreiben Sie uns Ihre Nachricht."),
                "max_length": _(
                    "Ihre Nachricht ist zu lang. Bitte kürzen Sie sie auf höchstens %(limit_value)d Zeichen "
                    "(jetzt sind es %(show_value)d)."
                ),
            },
            "name": {"max_length": _("Der Name ist zu lang. Höchstens %(limit_value)d Zeichen, bitte.")},
            "email": {
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de."
                ),
                "max_length": _("Die E-Mail-Adresse ist zu lang."),
            },
            "page_url": {"max_length": _("Die Adresse der Seite ist zu lang.")},
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Class and ARIA attributes come from the kern_widget filter; these are what it does not set.
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_page_url(self):
        value = self.cleaned_data["page_url"].strip()
        if value and not (value.startswith("/") or urlsplit(value).scheme in ("http", "https")):
            raise forms.ValidationError(
                _("Bitte geben Sie die Adresse der Seite an, zum Beispiel https://www.beispiel.de/seite/.")
            )
        return value

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))

"""Forms of the learner record."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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

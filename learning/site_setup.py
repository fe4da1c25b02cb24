"""setup_site's learning side: the roles and the first administrator, around courses.site_setup's tree."""

import getpass
import os
import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from courses import site_setup

from . import roles

# The same variable as Django's `createsuperuser --no-input`, so that provisioning tools need no new one.
PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"  # noqa: S105 - the name of a variable, no password


class SetupError(Exception):
    """Why setup_site stopped (German, for the operator); nothing was written."""


def ensure_admin(stdout, email, username=None, interactive=False):
    """A superuser with this e-mail address, unless an account with its login exists (then left alone).

    The password comes from DJANGO_SUPERUSER_PASSWORD, else a prompt when interactive; without either the
    account has no usable password (single sign-on, or `manage.py changepassword` later)."""
    try:
        validate_email(email)
    except ValidationError as error:
        raise SetupError(f"--admin-email: „{email}“ ist keine gültige E-Mail-Adresse.") from error
    User = get_user_model()
    username = username or email.split("@", 1)[0]
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise SetupError(f"--admin-username: „{username}“ ist kein gültiger Benutzername.") from error
    existing = User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first()
    if existing is not None:
        stdout.write(f"Konto „{existing.get_username()}“ gibt es schon; unverändert gelassen.")
        return existing
    user = User(username=username, email=email, is_staff=True, is_superuser=True)
    password = os.environ.get(PASSWORD_VARIABLE) or (_ask_password(user) if interactive else None)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise SetupError(
                "Das Passwort für das Administrationskonto: " + " ".join(error.messages)
            ) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    stdout.write(f"Administrationskonto „{username}“ ({email}) angelegt.")
    if not password:
        stdout.write(
            f"Es hat noch kein Passwort: `python manage.py changepassword {username}` setzt eines "
            "(mit Single Sign-on nicht nötig)."
        )
    stdout.write("Bei der ersten Anmeldung richtet das Konto den zweiten Faktor ein (Authenticator-App).")
    return user


def _ask_password(user):
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Passwort für das Administrationskonto: ")
    if first and first != getpass.getpass("Passwort (noch einmal): "):
        raise SetupError("Die beiden Passwörter stimmen nicht überein.")
    return first


def setup_site(
    stdout, name, texts=None, hosts=None, admin_email=None, admin_username=None, interactive=False
):
    """Everything a new installation needs before anyone signs in; one transaction, idempotent."""
    with transaction.atomic():
        try:
            home = site_setup.setup(stdout, name, texts=texts, hosts=hosts)
        except site_setup.SetupConflict as conflict:
            raise SetupError(str(conflict)) from conflict
        roles.sync_roles(apps)
        stdout.write(f"Rollen: {', '.join(roles.ROLES)}.")
        if admin_email:
            ensure_admin(stdout, admin_email, admin_username, interactive=interactive)
    return home

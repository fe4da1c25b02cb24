"""`manage.py reset_second_factor USERNAME`: remove a person's second-factor devices (a lost phone).

The person sets up a new device at the next sign-in, if their role requires one. Logged as a security event.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from learning import mfa


class Command(BaseCommand):
    help = "Removes the second-factor devices of one account (logged in the access log)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"There is no account with the username {username!r}.")
        mfa.reset(user)
        self.stdout.write(
            f"The second factor of {username} is reset; a new one is set up at the next sign-in."
        )

"""Issue (or revoke) the API token of a user: python manage.py create_api_token USERNAME"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (replacing any old one), or revoke it with --revoke."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Delete the user's token.")

    def handle(self, *args, username: str, revoke: bool, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user called '{username}'.") from None
        if not user.is_active:
            raise CommandError(f"'{username}' is not active; activate the account first.")
        deleted, _ = Token.objects.filter(user=user).delete()
        if revoke:
            if not deleted:
                raise CommandError(f"'{username}' has no API token to revoke.")
            self.stderr.write(f"Revoked the API token of '{username}'.")
            return
        token = Token.objects.create(user=user)
        if deleted:
            self.stderr.write(f"The previous token of '{username}' no longer works.")
        self.stdout.write(token.key)

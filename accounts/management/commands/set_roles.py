"""manage.py set_roles USERNAME [--grant ROLE] [--remove ROLE] [--unit NAME | --no-unit]
[--by USERNAME]: change a user's roles or unit from the command line; every change is in
the role-change log, with who ran it (--by) and the source "command"."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import Role, Unit, User


class Command(BaseCommand):
    help = "Grant or remove roles, or move a user to a unit (each change logged)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--grant", action="append", default=[], choices=Role.values)
        parser.add_argument("--remove", action="append", default=[], choices=Role.values)
        parser.add_argument("--unit", help="The unit's name.")
        parser.add_argument("--no-unit", action="store_true", help="Take the user out of any unit.")
        parser.add_argument("--by", help="Username of the person making the change.")

    def handle(self, *args, username, grant, remove, unit, no_unit, by, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        actor = None
        if by:
            actor = User.objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"No user {by!r} (--by).")
        note = "" if actor else "manage.py set_roles"
        try:
            for role in grant:
                if services.grant_role(
                    user=user, role=role, actor=actor, source="command", note=note
                ):
                    self.stdout.write(f"Granted {role}.")
            for role in remove:
                if services.remove_role(
                    user=user, role=role, actor=actor, source="command", note=note
                ):
                    self.stdout.write(f"Removed {role}.")
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        if unit or no_unit:
            target = None
            if unit:
                target = Unit.objects.filter(name=unit).first()
                if target is None:
                    raise CommandError(f"No unit {unit!r}.")
            if services.set_unit(user=user, unit=target, actor=actor, source="command", note=note):
                self.stdout.write(f"Unit now {target or 'none'}.")

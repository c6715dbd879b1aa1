"""A sign-in counts as being seen (the account-inactivity job reads last_seen_at)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="accounts.seen_at_sign_in")
def _seen_at_sign_in(sender, request, user, **kwargs):
    user.last_seen_at = None  # a sign-in always writes it
    services.touch_last_seen(user=user)

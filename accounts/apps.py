from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and units"

    def ready(self):
        from . import checks, signals  # noqa: F401 - they register themselves

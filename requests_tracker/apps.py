from django.apps import AppConfig


class RequestsTrackerConfig(AppConfig):
    name = "requests_tracker"
    verbose_name = "Information requests"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks

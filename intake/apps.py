from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Requests made online by the public (issue 18): the question pages, the intake
    queue for caseworkers, the private follow-your-request page and the intake API. It
    sits above the case file (pyproject.toml's layers contract): it logs requests through
    requests_tracker's services and files evidence through casefile's, never the reverse."""

    name = "intake"
    verbose_name = "Requests made online"

    def ready(self) -> None:
        from requests_tracker.signals import personal_data_disposed

        from . import retention

        personal_data_disposed.connect(
            retention.dispose_with_requesters, dispatch_uid="intake-dispose-submissions"
        )

from django.apps import AppConfig


class CasefileConfig(AppConfig):
    """The case file: documents, the release check on responses, and data requests to
    the business areas that hold the information (issue 17). It sits above the case apps
    (pyproject.toml's layers contract): it imports requests_tracker, never the reverse."""

    name = "casefile"
    verbose_name = "Case file"

    def ready(self) -> None:
        from core.notifications import delivery_status
        from requests_tracker.signals import personal_data_disposed

        from . import checks, outbox, services  # noqa: F401 - checks registers itself

        personal_data_disposed.connect(
            services.dispose_documents, dispatch_uid="casefile-dispose-documents"
        )
        delivery_status.connect(
            outbox.record_delivery_status, dispatch_uid="casefile-delivery-status"
        )

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """The disclosure log (issue 18, part 5): FOI and EIR responses published for
    everyone, with their released documents. It sits above the case file (pyproject.toml's
    layers contract): it reads requests and documents, never the reverse."""

    name = "disclosure"
    verbose_name = "Disclosure log"

    def ready(self) -> None:
        from requests_tracker.signals import personal_data_disposed

        from . import services

        personal_data_disposed.connect(
            services.note_documents_removed, dispatch_uid="disclosure-documents-removed"
        )

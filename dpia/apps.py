from django.apps import AppConfig


class DpiaConfig(AppConfig):
    name = "dpia"
    verbose_name = "DPIAs and data-sharing agreements"

    def ready(self) -> None:
        from core import outbox

        from . import checks, pipeline  # noqa: F401 - checks registers itself

        outbox.register(pipeline.STREAM, pipeline.recompute_announced)

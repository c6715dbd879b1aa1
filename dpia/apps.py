from django.apps import AppConfig


class DpiaConfig(AppConfig):
    name = "dpia"
    verbose_name = "DPIAs and data-sharing agreements"

    def ready(self) -> None:
        from core import outbox

        from . import pipeline

        outbox.register(pipeline.STREAM, pipeline.recompute_announced)

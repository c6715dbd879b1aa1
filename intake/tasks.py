from celery import shared_task

from . import retention


@shared_task
def dispose_decided_submissions() -> int:
    """Daily: what rejected and merged online submissions hold of their requesters goes
    INTAKE_DECIDED_RETENTION_DAYS after the decision. Safe to run twice."""
    return retention.dispose_decided()


@shared_task
def remove_abandoned_uploads() -> int:
    """Daily (beat "remove-abandoned-intake-uploads"): evidence uploaded in an online
    journey that was never sent goes INTAKE_ABANDONED_UPLOAD_HOURS after its upload.
    Safe to run twice."""
    return retention.remove_abandoned_uploads()

from datetime import date

import pytest
from django.core.files.base import ContentFile

from casefile import services as casefile_services
from requests_tracker import services as request_services

#: A requester whose details must never reach any public page, feed or file.
SECRET_NAME = "Quillon Vexmoor-Abernethy"
SECRET_EMAIL = "quillon.vexmoor@example.org"
SECRET_ADDRESS = "17 Zephyrine Crescent, Bramblecombe, BX9 4QZ"
SECRET_WORDS = "my neighbour Ottoline Fairweather keeps parking her marmalade campervan"


@pytest.fixture(autouse=True)
def _no_virus_scanner(settings):
    settings.CLAMD_ADDRESS = ""


def log_request(actor, *, kind="foi", summary=None, name=SECRET_NAME, received=date(2026, 10, 1)):
    return request_services.log_request(
        actor=actor,
        kind=kind,
        received_on=received,
        channel="email",
        requester_type="member_of_public",
        summary=summary or f"{SECRET_WORDS}: how many parking fines were issued in 2025?",
        requester=request_services.RequesterDetails(
            name=name, email=SECRET_EMAIL, address=SECRET_ADDRESS
        ),
        **({"regime": "uk_gdpr"} if kind == "roa" else {}),
    )


def close(record, actor, *, outcome="granted_in_part", exemptions=("s40", "s31"), on=None):
    return request_services.close_request(
        request_id=record.pk,
        actor=actor,
        closed_on=on or date(2026, 10, 20),
        outcome=outcome,
        exemptions=list(exemptions),
    )


def add_document(record, actor, *, kind="response", name="response.txt", text="Fines: 120\n"):
    return casefile_services.upload_document(
        request_id=record.pk, actor=actor, file=ContentFile(text.encode(), name=name), kind=kind
    )


def released(record, actor, **kwargs):
    document = add_document(record, actor, **kwargs)
    return casefile_services.mark_released(document_id=document.pk, actor=actor)


@pytest.fixture
def closed_foi(caseworker, on_day):
    on_day("2026-10-21")
    record = log_request(caseworker)
    record = close(record, caseworker)
    return record

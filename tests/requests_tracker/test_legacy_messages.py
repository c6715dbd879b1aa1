"""The importer checks the requester and the regime with the services' own rules, so a
refused row says exactly what the log-a-request page and the API say (issue 14)."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from requests_tracker import legacy, services

from .test_legacy_import import csv_text, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(make_user):
    make_user("casey")  # creates the Disclosure Unit


def _service_errors(**overrides) -> dict[str, list[str]]:
    arguments = {
        "actor": None,
        "kind": "foi",
        "regime": "",
        "received_on": date(2025, 3, 3),
        "channel": "email",
        "requester_type": "member_of_public",
        "summary": "Police vehicle fleet",
        "requester": services.RequesterDetails(name="Lee Example", email="lee@example.org"),
    }
    with pytest.raises(ValidationError) as error:
        services.log_request(**{**arguments, **overrides})
    return error.value.message_dict


def _import_errors(rows) -> dict[tuple[int, str], str]:
    with pytest.raises(legacy.ImportRefused) as refused:
        legacy.import_file(io.StringIO(csv_text(rows)))
    return {(e.line, e.column): e.message for e in refused.value.errors}


def test_requester_and_regime_problems_read_as_the_services_words(unit, on_day):
    on_day("2026-11-20")
    report = _import_errors(
        [
            row("M-1", requester_name=""),
            row("M-2", requester_email="", requester_address=""),
            row("M-3", requester_email="not-an-address"),
            row("M-4", regime="uk_gdpr"),
            row("M-5", kind="roa", regime=""),
            row("M-6", kind="roa", regime="gdpr"),
        ]
    )
    no_name = services.RequesterDetails(name="", email="lee@example.org")
    no_address = services.RequesterDetails(name="Lee")
    bad_email = services.RequesterDetails(name="Lee", email="not-an-address")
    assert report[(2, "requester_name")] == _service_errors(requester=no_name)["requester.name"][0]
    assert (
        report[(3, "requester_email")]
        == _service_errors(requester=no_address)["requester.email"][0]
    )
    assert (
        report[(4, "requester_email")] == _service_errors(requester=bad_email)["requester.email"][0]
    )
    assert report[(5, "regime")] == _service_errors(regime="uk_gdpr")["regime"][0]
    assert report[(6, "regime")] == _service_errors(kind="roa", regime="")["regime"][0]
    assert report[(7, "regime")] == _service_errors(kind="roa", regime="gdpr")["regime"][0]


def test_an_imported_reviews_requester_is_its_requests_so_only_a_bad_email_is_refused(unit, on_day):
    on_day("2026-11-20")
    parent = row("P-1", closed_on="2025-03-20", outcome="granted_in_full")
    review = {"kind": "internal_review", "review_of": "P-1", "requester_name": ""}
    report = _import_errors(
        [
            parent,
            row("R-1", **review, requester_email="", received_on="2025-03-21"),
            row("R-2", **review, requester_email="nope", received_on="2025-03-21"),
        ]
    )
    assert not any(line == 3 for line, _ in report)
    assert report[(4, "requester_email")] == (
        "Enter an email address in the correct format, like name@example.com."
    )

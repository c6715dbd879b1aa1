import re

import pytest

from accounts.models import Unit
from intake import services


@pytest.fixture(autouse=True)
def _routed(settings, db):
    """Online requests of every kind go to the Disclosure Unit (the unit make_user uses)."""
    Unit.objects.get_or_create(name="Disclosure Unit")
    settings.INTAKE_UNITS = dict.fromkeys(("foi", "eir", "roa"), "Disclosure Unit")
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _letters_sent_in_process(eager_celery):
    """The acknowledgement letter's email is sent by a Celery task after commit; these
    tests read it at once, so the task runs in-process even where a broker is configured
    (a real worker delivers it in tests/casefile/test_email_worker.py)."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `work()` and then what it scheduled after commit (emails), as a commit would."""

    def run(work, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return work(*args, **kwargs)

    return run


@pytest.fixture
def submit(committed):
    def make(**overrides):
        values = {
            "kind": "foi",
            "name": "Ottoline Quarrendon",
            "email": "ottoline.q@example.net",
            "request_text": "How many speed cameras were active in Wessex in 2025?",
        }
        values.update(overrides)
        return committed(services.submit, **values)

    return make


def link_in(body: str, path: str) -> str:
    """The path of the first link in an email body that goes to `path`."""
    match = re.search(r"http://testserver(" + re.escape(path) + r"[^\s]+)", body)
    assert match, body
    return match.group(1)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)

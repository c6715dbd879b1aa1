import pytest

from tests import oidc_provider

# A PostgreSQL login role with exactly the grants of `manage.py database_grants`.
from tests.core.test_access_log_append_only import app_role  # noqa: F401 - a fixture


@pytest.fixture
def provider(settings):
    """A real OpenID Connect provider on loopback, and the site configured to use it."""
    from accounts import oidc

    with oidc_provider.running() as running:
        oidc_provider.configure(settings, running)
        yield running
    oidc.forget_metadata()


@pytest.fixture
def units(db):
    from accounts.models import Unit

    return {
        "disclosure": Unit.objects.get_or_create(name="Disclosure Unit")[0],
        "records": Unit.objects.get_or_create(name="Records Management")[0],
    }

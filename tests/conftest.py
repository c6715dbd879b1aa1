import pytest

from tests import environment


def pytest_collection_modifyitems(config, items):
    """Skip tests whose services are missing, saying why (shown by -ra); in CI
    (REQUIRE_ALL_TESTS=1) a missing service stops the run instead."""
    missing = environment.missing()
    if missing and environment.require_all():
        pytest.exit(f"REQUIRE_ALL_TESTS=1 but {missing}", returncode=1)
    for item in items:
        for marker, reason in missing.items():
            if marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    from django.contrib.auth.models import Group

    from accounts.models import Unit, User

    def make(username: str = "casey", role: str | None = "caseworker", unit=None, **extra):
        if unit is None:
            unit, _ = Unit.objects.get_or_create(name="Disclosure Unit")
        user = User.objects.create_user(
            username=username, password="pw-for-tests-1", unit=unit, **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make

"""The DPO's home says whether anyone's access to personal data looked unusual."""

import pytest
from django.utils import timezone

from core.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(make_user):
    return make_user("dana", role="dpo")


def test_flagged_people_are_counted_with_a_link_to_the_report(client, make_user, dpo):
    from accounts.models import Unit

    snoop = make_user("sam", role="caseworker")
    other = Unit.objects.create(name="Other Unit")
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=snoop,
            user_unit=snoop.unit,
            action="view",
            record_type="request",
            record_id=n,
            record_reference=f"FOI-2026-{n:05d}",
            record_unit=other,
            at=timezone.now(),
        )
        for n in range(25)
    )
    client.force_login(dpo)
    html = client.get("/home/").content.decode()
    panel = html.split('id="h-unusual-access"', 1)[1].split("</section>", 1)[0]
    assert "1 person viewed personal data in an unusual way" in panel
    assert 'href="/access-log/unusual/"' in panel


def test_nothing_unusual_says_so(client, dpo):
    client.force_login(dpo)
    assert (
        "Nobody's access to personal data looked unusual" in client.get("/home/").content.decode()
    )

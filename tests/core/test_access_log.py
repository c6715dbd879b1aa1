from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit
from core import access
from core.models import AccessLogEntry

pytestmark = pytest.mark.django_db


class Record:
    def __init__(self, pk, reference, unit_id):
        self.pk, self.reference, self.unit_id = pk, reference, unit_id


@pytest.fixture
def dpo_client(client, make_user):
    client.force_login(make_user("dana", role="dpo"))
    return client


def test_recording_access_keeps_who_what_which_and_where(make_user, rf):
    user = make_user("casey")
    http = rf.get("/requests/7/", REMOTE_ADDR="10.1.2.3")
    count = access.record_access(
        user=user,
        records=[Record(7, "ROA-2026-00007", user.unit_id)],
        record_type="request",
        fields=["requester.name", "requester.email"],
        action="view",
        http_request=http,
    )
    assert count == 1
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.record_reference, entry.ip_address, entry.path) == (
        user,
        "ROA-2026-00007",
        "10.1.2.3",
        "/requests/7/",
    )
    assert entry.fields == ["requester.name", "requester.email"]
    with pytest.raises(ValueError, match="append-only"):
        entry.save()


def test_the_address_logged_is_the_client_behind_our_proxy(make_user, rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = make_user("casey")
    http = rf.get(
        "/requests/7/",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",  # 6.6.6.6 written by the client
    )
    access.record_access(
        user=user,
        records=[Record(7, "ROA-2026-00007", user.unit_id)],
        record_type="request",
        fields=[],
        action="view",
        http_request=http,
    )
    assert AccessLogEntry.objects.get().ip_address == "203.0.113.7"


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_entries(make_user):
    user = make_user("casey")
    access.record_access(
        user=user,
        records=[Record(1, "FOI-1", None)],
        record_type="request",
        fields=[],
        action="view",
    )
    for statement in (
        "UPDATE core_accesslogentry SET record_reference = 'changed'",
        "DELETE FROM core_accesslogentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AccessLogEntry.objects.get().record_reference == "FOI-1"
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.count() == 1


def test_only_the_dpo_and_admins_can_read_the_log(client, make_user):
    url = reverse("access-log")
    assert client.get(url).status_code == 302  # sign in first
    for role in ("caseworker", "team_lead", "data_board"):
        client.force_login(make_user(f"user-{role}", role=role))
        assert client.get(url).status_code == 403
        assert client.get(reverse("access-log-export")).status_code == 403
    client.force_login(make_user("alex", role="admin"))
    assert client.get(url).status_code == 200


def test_search_by_user_reference_and_date(dpo_client, make_user):
    casey, sam = make_user("casey"), make_user("sam")
    for user, ref in ((casey, "ROA-1"), (casey, "ROA-2"), (sam, "ROA-1")):
        access.record_access(
            user=user,
            records=[Record(1, ref, None)],
            record_type="request",
            fields=["requester.name"],
            action="view",
        )
    body = dpo_client.get(reverse("access-log"), {"user": "casey"}).content.decode()
    assert "2 entries" in body
    body = dpo_client.get(reverse("access-log"), {"reference": "ROA-1"}).content.decode()
    assert "2 entries" in body
    today = timezone.localdate()
    body = dpo_client.get(
        reverse("access-log"), {"since": (today + timedelta(days=1)).isoformat()}
    ).content.decode()
    assert "0 entries" in body
    bad = dpo_client.get(reverse("access-log"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert "must be on or after" in bad.content.decode()
    export = dpo_client.get(reverse("access-log-export"), {"user": "sam"})
    lines = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(lines) == 2
    assert lines[1].split(",")[1] == "sam"


def test_unusual_access_flags_browsing_other_units(dpo_client, make_user):
    other = Unit.objects.create(name="Professional Standards")
    nosy, normal = make_user("nosy"), make_user("normal")
    access.record_access(
        user=nosy,
        records=[Record(i, f"ROA-{i}", other.pk) for i in range(25)],
        record_type="request",
        fields=["requester.name"],
        action="view",
    )
    access.record_access(
        user=normal,
        records=[Record(i, f"ROA-{i}", normal.unit_id) for i in range(25)],
        record_type="request",
        fields=["requester.name"],
        action="view",
    )
    report = access.unusual_access()
    assert [row.username for row in report] == ["nosy"]
    assert "25 records of other units" in report[0].reasons[0]
    page = dpo_client.get(reverse("unusual-access")).content.decode()
    assert "nosy" in page
    assert ">normal<" not in page

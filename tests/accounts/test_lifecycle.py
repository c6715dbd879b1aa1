"""The account lifecycle: every grant and removal of a role or unit in the append-only
role-change log (admin site, management command, single sign-on), the DPO's view and
export of it, the daily inactivity job, disabled accounts' tokens and sessions, and the
team leads' monthly access review."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import checks, mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services
from accounts.models import AccessReview, InactivityNotice, RoleChange, Unit, User
from core import inactivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_user):
    return make_user("alex", role="admin", is_staff=True, is_superuser=True)


def test_the_admin_site_logs_each_role_and_unit_change_with_who_made_it(
    client, admin_user, make_user
):
    casey = make_user("casey", role="caseworker")
    records = Unit.objects.create(name="Records Management")
    client.force_login(admin_user)
    form = {
        "username": "casey",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [Group.objects.get(name="team_lead").pk],
        "unit": records.pk,
        "wants_digest": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "09:00:00",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[casey.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    changes = set(
        RoleChange.objects.filter(user=casey).values_list(
            "kind", "change", "value", "actor__username", "source"
        )
    )
    assert changes == {
        ("role", "granted", "team_lead", "alex", "admin_site"),
        ("role", "removed", "caseworker", "alex", "admin_site"),
        ("unit", "removed", "Disclosure Unit", "alex", "admin_site"),
        ("unit", "granted", "Records Management", "alex", "admin_site"),
    }


def test_disabling_an_account_on_the_admin_site_ends_its_tokens_and_is_logged(
    client, admin_user, make_user
):
    casey = make_user("casey", role="caseworker")
    token = Token.objects.create(user=casey)
    client.force_login(admin_user)
    form = {
        "username": "casey",
        "groups": [Group.objects.get(name="caseworker").pk],
        "unit": casey.unit_id,
        "wants_digest": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "09:00:00",
    }  # is_active left unticked
    response = client.post(reverse("admin:accounts_user_change", args=[casey.pk]), form)
    assert response.status_code == 302
    casey.refresh_from_db()
    assert not casey.is_active
    assert not Token.objects.filter(pk=token.pk).exists()
    entry = RoleChange.objects.get(user=casey)
    assert (entry.kind, entry.change, entry.actor, entry.source) == (
        "account",
        "removed",
        admin_user,
        "admin_site",
    )


def test_the_set_roles_command_logs_its_changes(make_user):
    casey = make_user("casey", role="caseworker")
    make_user("alex", role="admin")
    Unit.objects.create(name="Records Management")
    out = io.StringIO()
    call_command(
        "set_roles",
        "casey",
        "--grant",
        "dpo",
        "--remove",
        "caseworker",
        "--unit",
        "Records Management",
        "--by",
        "alex",
        stdout=out,
    )
    casey = User.objects.get(pk=casey.pk)
    assert casey.roles == {"dpo"}
    assert casey.unit.name == "Records Management"
    assert (
        RoleChange.objects.filter(user=casey, actor__username="alex", source="command").count() == 4
    )


def test_the_log_cannot_be_changed_through_the_application(make_user):
    casey = make_user("casey")
    services.grant_role(user=casey, role="dpo", actor=None, source="command")
    entry = RoleChange.objects.get(user=casey)
    entry.value = "admin"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_log_refuses_update_delete_and_truncate(make_user):
    from django.db import DatabaseError, connection, transaction

    casey = make_user("casey")
    services.grant_role(user=casey, role="dpo", actor=None, source="command")
    for statement in (
        "UPDATE accounts_rolechange SET value = 'admin'",
        "DELETE FROM accounts_rolechange",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(statement)

    def truncate():
        with transaction.atomic(), connection.cursor() as cursor:
            # The test suite's own flush may empty a test database; nothing else may.
            cursor.execute("SET LOCAL rightsdesk.allow_truncate = 'off'")
            cursor.execute("TRUNCATE accounts_rolechange CASCADE")

    with pytest.raises(DatabaseError, match="cannot be truncated"):
        truncate()
    assert RoleChange.objects.get(user=casey).value == "dpo"


@pytest.mark.postgres
def test_the_application_role_may_only_insert_and_read_the_log(app_role, make_user):
    import psycopg

    casey = make_user("casey")
    app_role.execute(
        "INSERT INTO accounts_rolechange (at, user_id, kind, change, value, source, note)"
        " VALUES (now(), %s, 'role', 'granted', 'dpo', 'command', '')",
        [casey.pk],
    )
    for statement in (
        "UPDATE accounts_rolechange SET value = 'admin'",
        "DELETE FROM accounts_rolechange",
        "TRUNCATE accounts_rolechange",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app_role.execute(statement)
    assert RoleChange.objects.get().value == "dpo"


def test_database_grants_leave_the_log_insert_and_read_only():
    from core.management.commands.database_grants import grants

    statements = grants("rd_app", "owner", "rights_desk")
    assert 'REVOKE UPDATE, DELETE ON "accounts_rolechange" FROM "rd_app";' in statements


def test_the_dpo_reads_and_exports_the_log(client, make_user):
    dpo = make_user("dana", role="dpo")
    casey = make_user("casey")
    formula = Unit.objects.create(name='=HYPERLINK("http://x")')
    services.set_unit(user=casey, unit=formula, actor=dpo, source="admin_site")
    client.force_login(dpo)

    page = client.get(reverse("role-changes"), {"user": "casey"}).content.decode()
    assert "casey" in page
    assert "Admin site" in page

    response = client.get(reverse("role-changes-export"), {"user": "casey"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["at", "username", "what", "change", "value", "by", "source", "note"]
    values = {(row[1], row[2], row[3], row[4], row[5]) for row in rows[1:]}
    assert ("casey", "unit", "granted", '\'=HYPERLINK("http://x")', "dana") in values
    assert ("casey", "unit", "removed", "Disclosure Unit", "dana") in values


# --- Disabled accounts -------------------------------------------------------------------


def test_a_disabled_accounts_api_token_is_refused_and_its_session_ended(
    client, make_user, admin_user
):
    casey = make_user("casey")
    token = Token.objects.create(user=casey)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/requests/").status_code == 200
    client.force_login(casey)
    assert client.get(reverse("home")).status_code == 200

    services.disable_account(
        user=casey, actor=admin_user, source="admin_site", reason="Left the force"
    )

    assert api.get("/api/v1/requests/").status_code == 401
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Token.objects.filter(user=casey).exists()
    entry = RoleChange.objects.get(user=casey, kind="account")
    assert (entry.change, entry.actor, entry.note) == ("removed", admin_user, "Left the force")


def test_a_token_of_a_user_disabled_behind_the_services_back_is_refused_at_once(make_user):
    """Even if only the flag changed (a bulk update, the admin list's action), the token
    stops working: the authentication class checks the account on every call."""
    casey = make_user("casey")
    token = Token.objects.create(user=casey)
    User.objects.filter(pk=casey.pk).update(is_active=False)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/requests/").status_code == 401


def test_using_a_token_counts_as_being_seen(make_user):
    casey = make_user("casey")
    token = Token.objects.create(user=casey)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    api.get("/api/v1/requests/")
    casey.refresh_from_db()
    assert casey.last_seen_at is not None
    assert timezone.now() - casey.last_seen_at < timedelta(minutes=1)


# --- The inactivity job -------------------------------------------------------------------


@pytest.fixture
def lifecycle(settings, make_user):
    settings.ACCOUNT_INACTIVE_DAYS = 90
    settings.ACCOUNT_INACTIVE_WARNING_DAYS = 14
    unit = Unit.objects.create(name="Disclosure Unit")
    lead = make_user("terry", role="team_lead", unit=unit, email="terry@force.example")
    idle = make_user("ivy", role="caseworker", unit=unit, email="ivy@force.example")
    busy = make_user("bea", role="caseworker", unit=unit, email="bea@force.example")
    now = timezone.now()
    User.objects.filter(pk=idle.pk).update(last_seen_at=now - timedelta(days=80))
    User.objects.filter(pk__in=[lead.pk, busy.pk]).update(last_seen_at=now - timedelta(days=2))
    return {"lead": lead, "idle": idle, "busy": busy, "now": now}


def test_an_unused_account_is_warned_first_then_disabled(lifecycle, client):
    idle, now = lifecycle["idle"], lifecycle["now"]
    token = Token.objects.create(user=idle)
    client.force_login(idle)
    User.objects.filter(pk=idle.pk).update(last_seen_at=now - timedelta(days=80))

    assert inactivity.run(now=now) == inactivity.InactivityRun(warned=1, disabled=0)
    (warning,) = mail.outbox
    assert set(warning.to) == {"ivy@force.example", "terry@force.example"}
    assert "ivy" in warning.subject
    assert "will be disabled on" in warning.subject
    # Run again (the job is daily and may be retried): no second warning.
    assert inactivity.run(now=now) == inactivity.InactivityRun(warned=0, disabled=0)
    assert len(mail.outbox) == 1
    assert User.objects.get(pk=idle.pk).is_active

    later = now + timedelta(days=14)
    assert inactivity.run(now=later) == inactivity.InactivityRun(warned=0, disabled=1)
    idle.refresh_from_db()
    assert not idle.is_active
    assert not Token.objects.filter(pk=token.pk).exists()
    assert client.get(reverse("home")).status_code == 302
    assert "has been disabled" in mail.outbox[-1].subject
    assert set(mail.outbox[-1].to) == {"ivy@force.example", "terry@force.example"}
    entry = RoleChange.objects.get(user=idle, kind="account")
    assert (entry.change, entry.source, entry.actor) == ("removed", "inactivity", None)
    assert User.objects.get(pk=lifecycle["busy"].pk).is_active
    assert User.objects.get(pk=lifecycle["lead"].pk).is_active


def test_signing_in_after_the_warning_keeps_the_account(lifecycle, client):
    idle, now = lifecycle["idle"], lifecycle["now"]
    inactivity.run(now=now)
    client.force_login(idle)  # a sign-in: last seen now
    assert inactivity.run(now=now + timedelta(days=14)) == inactivity.InactivityRun(0, 0)
    assert User.objects.get(pk=idle.pk).is_active


def test_an_account_already_past_the_limit_still_gets_its_notice_first(lifecycle):
    idle, now = lifecycle["idle"], lifecycle["now"]
    User.objects.filter(pk=idle.pk).update(last_seen_at=now - timedelta(days=400))
    assert inactivity.run(now=now) == inactivity.InactivityRun(warned=1, disabled=0)
    notice = InactivityNotice.objects.get(user=idle)
    assert notice.disable_on == timezone.localdate(now + timedelta(days=14))
    assert inactivity.run(now=now + timedelta(days=13)).disabled == 0
    assert inactivity.run(now=now + timedelta(days=14)).disabled == 1


def test_the_job_is_in_the_one_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.tasks.disable_inactive_accounts" in tasks


def test_the_task_runs_the_job(lifecycle, eager_celery):
    from core.tasks import disable_inactive_accounts

    assert disable_inactive_accounts.delay().get() == {"warned": 1, "disabled": 0}


# --- The team lead's access review --------------------------------------------------------


def test_a_team_lead_reviews_their_team_and_the_confirmation_is_kept(client, make_user):
    unit = Unit.objects.create(name="Disclosure Unit")
    lead = make_user("terry", role="team_lead", unit=unit)
    make_user("casey", role="caseworker", unit=unit, first_name="Casey", last_name="Worker")
    other = Unit.objects.create(name="Records Management")
    make_user("oscar", role="caseworker", unit=other)
    User.objects.filter(username="casey").update(last_seen_at=timezone.now() - timedelta(days=3))
    client.force_login(lead)

    page = client.get(reverse("accounts:access-review")).content.decode()
    assert "Casey Worker" in page
    assert "Caseworker" in page
    assert "oscar" not in page

    refused = client.post(reverse("accounts:access-review"), {})
    assert refused.status_code == 400
    assert not AccessReview.objects.exists()
    response = client.post(
        reverse("accounts:access-review"), {"confirm": "on", "note": "All right"}
    )
    assert response.status_code == 302
    review = AccessReview.objects.get()
    assert review.reviewer == lead
    assert review.month == timezone.localdate().replace(day=1)
    assert {row["username"]: row["roles"] for row in review.members} == {
        "casey": ["Caseworker"],
        "terry": ["Team lead"],
    }
    page = client.get(reverse("accounts:access-review")).content.decode()
    assert "Confirmed by terry" in page
    # Once a month.
    client.post(reverse("accounts:access-review"), {"confirm": "on"})
    assert AccessReview.objects.count() == 1


# --- Start-up checks ----------------------------------------------------------------------


def test_a_role_map_naming_no_role_stops_start_up(settings):
    from accounts.checks import sign_in_settings_are_valid

    settings.OIDC_ROLE_MAP = {"group-1": "superhero"}
    errors = sign_in_settings_are_valid()
    assert [error.id for error in errors] == ["accounts.E001"]
    assert "superhero" in errors[0].msg
    assert errors[0].level == checks.ERROR


def test_switching_off_passwords_without_sso_stops_start_up(settings):
    from accounts.checks import sign_in_settings_are_valid

    settings.LOCAL_PASSWORD_SIGN_IN = False
    settings.OIDC_RP_CLIENT_ID = ""
    assert [error.id for error in sign_in_settings_are_valid()] == ["accounts.E004"]


def test_the_default_settings_pass_the_checks():
    from accounts.checks import sign_in_settings_are_valid

    assert sign_in_settings_are_valid() == []

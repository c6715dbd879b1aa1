"""The account what requesters send online is filed under (intake's online-requester) is
not a person: staff lists leave it out, an administrator can still find it, and what
names it keeps naming it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import selectors
from accounts.models import Role, Unit
from intake.services import online_account
from requests_tracker.selectors import assignable_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def online():
    return online_account()


@pytest.fixture
def administrator(make_user, client):
    client.force_login(make_user("alex", role="admin", is_staff=True, is_superuser=True))
    return client


def _listed(client, **query) -> str:
    response = client.get(reverse("admin:accounts_user_changelist"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_admins_user_list_shows_people_not_the_online_account(administrator, online, make_user):
    make_user("casey")

    page = _listed(administrator)
    assert ">casey<" in page
    assert ">online-requester<" not in page
    # Nor among the disabled people an administrator reviews.
    assert ">online-requester<" not in _listed(administrator, is_active__exact="0")


@pytest.mark.parametrize(
    "query", [{"q": "online"}, {"q": "online-requester"}, {"account": "system"}, {"account": "all"}]
)
def test_an_administrator_still_finds_it_by_searching_or_filtering(administrator, online, query):
    assert ">online-requester<" in _listed(administrator, **query)
    change = reverse("admin:accounts_user_change", args=[online.pk])
    assert administrator.get(change).status_code == 200


def test_the_system_filter_lists_only_system_accounts(administrator, online, make_user):
    make_user("casey")
    page = _listed(administrator, account="system")
    assert ">online-requester<" in page
    assert ">casey<" not in page


def test_team_pages_and_assignment_choices_leave_it_out_even_with_a_unit_and_a_role(
    online, make_user
):
    casey = make_user("casey")
    unit = Unit.objects.get(name="Disclosure Unit")
    # However it came to be (an administrator's slip), it is still not a member.
    online.unit = unit
    online.is_active = True
    online.save()
    online.groups.add(Group.objects.get_or_create(name=Role.CASEWORKER)[0])

    assert [row["username"] for row in selectors.member_rows(unit)] == ["casey"]
    assert list(assignable_users(unit.pk)) == [casey]
    assert list(selectors.people()) == [casey]


def test_the_online_account_is_kept_and_named_as_before(online):
    assert online.is_system_account
    assert not online.is_active
    assert not online.has_usable_password()
    assert online.display_name == "Sent online by the requester"
    assert online_account() == online  # the same account every time

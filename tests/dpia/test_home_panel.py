"""The DPO's home shows the DPIA queue by urgency."""

import pytest

from dpia.vocabularies import Status

pytestmark = pytest.mark.django_db


def test_the_dpo_home_lists_the_queue_by_urgency(client, build, dpo, on_day):
    on_day("2026-03-02")
    submitted = build(Status.SUBMITTED, title="Drone footage retention")
    build(Status.DRAFT, title="Still a draft")
    client.force_login(dpo)
    html = client.get("/home/").content.decode()
    panel = html.split('id="h-dpia-queue"', 1)[1].split("</section>", 1)[0]
    assert submitted.reference in panel
    assert "Drone footage retention" in panel
    assert "Still a draft" not in panel  # not with the DPO yet
    on_day("2026-05-01")  # long past the triage target
    client.force_login(dpo)  # the idle session has expired by then
    html = client.get("/home/").content.decode()
    late = html.split('id="h-dpia-queue"', 1)[1].split("</section>", 1)[0]
    assert late.index("Late") < late.index(submitted.reference) < late.index("Due this week")


def test_an_empty_queue_says_so(client, dpo):
    client.force_login(dpo)
    assert "No assessment is waiting for triage" in client.get("/home/").content.decode()

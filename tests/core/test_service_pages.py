"""The pages a UK public-sector service must have: accessibility statement, privacy
notice, cookies, and the beta banner's feedback link."""

import re

import pytest
from django.test import Client

from core.context_processors import feedback_href

pytestmark = pytest.mark.django_db

#: The headings of the GOV.UK model accessibility statement, in order.
MODEL_STATEMENT = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def _headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).replace("&#x27;", "'").strip()
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    ]


def test_the_accessibility_statement_follows_the_model_structure(settings):
    settings.ORGANISATION_NAME = "Example Police"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@example.police.uk"
    html = Client().get("/accessibility/").content.decode()
    headings = [h for h in _headings(html) if h in MODEL_STATEMENT]
    assert headings == MODEL_STATEMENT
    assert "This website is run by Example Police." in html
    assert "mailto:access@example.police.uk" in html
    assert "WCAG" in html or "Web Content Accessibility Guidelines version 2.2" in html


def test_the_privacy_notice_names_the_controller_the_dpo_and_the_retention_schedule(settings):
    settings.ORGANISATION_NAME = "Example Police"
    settings.DPO_CONTACT_EMAIL = "dpo@example.police.uk"
    settings.RETENTION_YEARS = {"roa": 7, "foi": 2, "eir": 3, "internal_review": 4}
    html = Client().get("/privacy/").content.decode()
    assert "Example Police is the controller" in html
    assert "mailto:dpo@example.police.uk" in html
    cells = re.findall(r'govuk-table__cell[^"]*">([^<]+)</td>', html)
    pairs = list(zip(cells[::2], cells[1::2], strict=True))
    assert ("Right of access (a request for your own personal data)", "7") in pairs
    assert ("Freedom of Information", "2") in pairs
    assert ("Internal review of our answer", "4") in pairs
    assert "Information Commissioner" in html


def test_the_cookies_page_lists_exactly_the_cookies_the_service_sets(settings, caseworker):
    settings.SESSION_COOKIE_AGE = 45 * 60
    client = Client()
    html = client.get("/cookies/").content.decode()
    assert settings.SESSION_COOKIE_NAME in html
    assert settings.CSRF_COOKIE_NAME in html
    assert "After 45 minutes without activity" in html
    # What the service really sets, signing in included, is what the page lists.
    response = client.get("/sign-in/")
    client.force_login(caseworker)
    set_cookies = set(response.cookies) | set(client.cookies)
    assert set_cookies <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert Client().get("/performance/").cookies == {}


@pytest.mark.parametrize(
    ("address", "href"),
    [
        ("team@example.org", "mailto:team@example.org"),
        ("https://example.org/feedback", "https://example.org/feedback"),
        ("mailto:x@example.org", "mailto:x@example.org"),
    ],
)
def test_feedback_address_becomes_a_link(address, href):
    assert feedback_href(address) == href


def test_the_beta_banner_links_to_feedback_and_the_footer_to_every_service_page(settings):
    settings.FEEDBACK_ADDRESS = "https://example.org/tell-us"
    html = Client().get("/").content.decode()
    banner = html.split('class="govuk-phase-banner"', 1)[1].split("</div>", 1)[0]
    assert 'href="https://example.org/tell-us"' in banner
    footer = html.split("<footer", 1)[1]
    for path in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'href="{path}"' in footer

"""No page, feed, CSV or JSON answer of the public side ever shows anything about the
requester: their name, email, address, or any text they wrote that was not published."""

import pytest
from django.urls import reverse

from disclosure import services
from tests.security.test_permission_matrix import MATRIX, PUBLIC

from .conftest import SECRET_ADDRESS, SECRET_EMAIL, SECRET_NAME, SECRET_WORDS, released

pytestmark = pytest.mark.django_db

#: Pieces of each secret: a page showing part of one (the street, the email's user) leaks.
SECRETS = [
    SECRET_NAME,
    "Vexmoor",
    SECRET_EMAIL,
    "quillon.vexmoor",
    SECRET_ADDRESS,
    "Zephyrine",
    "BX9 4QZ",
    SECRET_WORDS,
    "Ottoline",
    "marmalade campervan",
]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.fixture
def published(closed_foi, caseworker):
    # The response document itself is what the caseworker released: it is public.
    document = released(closed_foi, caseworker, name="fines.txt", text="Fines: 120\n")
    return services.publish(
        request_id=closed_foi.pk,
        actor=caseworker,
        title="Parking fines issued in 2025",
        summary="How many parking fines were issued in 2025.",
        documents=[document.pk],
    )


def public_urls(item) -> list[str]:
    document = item.documents.get()
    searches = ["Vexmoor", "Ottoline", "marmalade", "parking", "Zephyrine", "quillon"]
    urls = [
        reverse("disclosure:item", args=[item.pk]),
        reverse("disclosure:document", args=[item.pk, document.pk]),
        reverse("disclosure-log-detail", args=[item.pk]),
        reverse("disclosure:feed"),
    ]
    for name in ("disclosure:log", "disclosure:csv", "disclosure-log-list"):
        urls.append(reverse(name))
        urls += [f"{reverse(name)}?q={word}" for word in searches]
    # Every other public URL of the site that takes no argument.
    urls += [reverse(n) for n, (answers, key) in MATRIX.items() if answers == PUBLIC and not key]
    return sorted(set(urls))


def test_no_public_page_feed_or_file_shows_the_requester(client, published):
    assert published.request.requester.name == SECRET_NAME  # the secrets are really there
    assert SECRET_WORDS in published.request.summary
    leaks, walked = [], 0
    for url in public_urls(published):
        response = client.get(url, HTTP_ACCEPT="application/json, text/html")
        if response.status_code != 200:
            continue
        walked += 1
        text = body(response)
        # A search page echoes the visitor's own words (the box, the open-data links):
        # that is what they typed, not what the requester wrote. Nothing else may match.
        searched = url.partition("?q=")[2]
        if searched:
            text = text.replace(f'value="{searched}"', "").replace(f"q={searched}", "")
        leaks += [f"{url}: {secret}" for secret in SECRETS if secret.lower() in text.lower()]
    assert walked >= 25
    assert not leaks, "\n".join(leaks)
    # The published item really is on the public side (the walk saw something).
    assert "Parking fines issued in 2025" in body(client.get(reverse("disclosure:feed")))


def test_the_similar_answers_show_no_requester(published):
    from django.template import Context, Template

    html = Template("{% load disclosure_tags %}{% similar_published text %}").render(
        Context({"text": "parking fines"})
    )
    assert "Parking fines issued in 2025" in html
    assert not [secret for secret in SECRETS if secret.lower() in html.lower()]

"""The second step of a browser sign-in, for roles that need two-factor."""

from accounts.models import User
from tests.two_factor_codes import app_device, code_for


def complete_two_factor(page, username: str) -> None:
    """If the sign-in stopped at two-factor, enter the code from the user's app (made for
    them if they have none, as if they had enrolled earlier)."""
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    if "/two-factor/" not in page.url:
        return
    device = app_device(User.objects.get(username=username))
    if "/two-factor/verify/" not in page.url:
        page.goto(page.url.replace("/two-factor/", "/two-factor/verify/", 1))
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/two-factor/" not in url)

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urls


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def trivial_signed_in(request):
    """The floor of a signed-in page: the same middleware, session and user, no page."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial/signed-in/", trivial_signed_in),
    *project_urls,
]

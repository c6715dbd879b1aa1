from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urls


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *project_urls]

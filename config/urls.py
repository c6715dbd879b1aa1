from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import oidc
from accounts import views as account_views
from config.api import not_found
from core import views as core_views
from dashboards import urls as dashboard_urls
from requests_tracker import import_views

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("home/", core_views.home, name="home"),
    path("performance/", include((dashboard_urls.public_urlpatterns, "performance"))),
    path("data-board/", include((dashboard_urls.board_urlpatterns, "data_board"))),
    path("requests/", include("requests_tracker.urls")),
    path("case-file/", include("casefile.urls")),
    path("disclosure-log/", include("disclosure.urls")),
    path("account/", include("accounts.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("sign-in/", account_views.SignInView.as_view(), name="login"),
    path("sign-in/sso/", oidc.SSOStartView.as_view(), name="sso-start"),
    path("sign-in/sso/callback/", oidc.SSOCallbackView.as_view(), name="sso-callback"),
    path("sign-out/", account_views.sign_out, name="logout"),
    path("assessments/", include("dpia.urls")),
    path("breaches/", include("breaches.urls")),
    path("", include("intake.urls")),
    path("", include("core.urls")),
    path("requests/import/", import_views.import_requests, name="requests-import"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the CSP needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/(?P<unmatched>.*)$", not_found),
]

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("make-a-request/", views.start, name="start"),
    path("make-a-request/check-your-answers/", views.check, name="check"),
    path("make-a-request/sent/", views.sent, name="sent"),
    path("make-a-request/confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("make-a-request/<slug:slug>/", views.step, name="step"),
    path("your-request/<str:token>/", views.follow, name="follow"),
    path("intake/", views.queue, name="queue"),
    path("intake/<int:pk>/", views.submission_detail, name="submission"),
    path("intake/<int:pk>/<slug:action>/", views.submission_action, name="action"),
]

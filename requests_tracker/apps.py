from django.apps import AppConfig


class RequestsTrackerConfig(AppConfig):
    name = "requests_tracker"
    verbose_name = "Information requests"

"""The access log: who viewed or exported whose personal data, when, and from where.

Append-only. The application never updates or deletes a row, and on PostgreSQL a
trigger (migration 0002) refuses UPDATE and DELETE from any database user."""

from django.conf import settings
from django.db import models


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed a page"
        API = "api", "Retrieved through the API"
        EXPORT = "export", "Exported (CSV)"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_log"
    )
    user_unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=40)
    record_id = models.BigIntegerField()
    record_reference = models.CharField(max_length=60)
    record_unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fields = models.JSONField(default=list)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["user", "at"], name="access_log_user_at_idx"),
            models.Index(fields=["record_type", "record_id"], name="access_log_record_idx"),
            models.Index(fields=["record_reference"], name="access_log_reference_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["view", "api", "export"]),
                name="access_log_action_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.record_reference}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

"""Shared models: background jobs (large exports and imports) and the access log.

The access log: who viewed or exported whose personal data, when, and from where.
Append-only. The application never updates or deletes a row, and on PostgreSQL a
trigger (migration 0002) refuses UPDATE and DELETE from any database user."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import connections, models, transaction
from django.utils import timezone

from accounts.models import RoleChange


def job_storage():
    """Private storage for job files (settings.STORAGES["jobs"])."""
    return storages["jobs"]


class Job(models.Model):
    """One piece of long work a user started and watches: a large export or an import.

    The page at /jobs/<id>/ shows its progress; only its owner sees it. Work is done by a
    Celery task (core/jobs.py) that updates `done` as it goes; a failure is kept in
    `error` as a sentence the user can act on. A job's file (an export, or the uploaded
    file an import reads) is deleted at `expires_at`; the row stays as a record."""

    class Kind(models.TextChoices):
        REQUESTS_EXPORT = "requests_export", "Export of requests (CSV)"
        REQUESTS_IMPORT = "requests_import", "Import of requests from the legacy system"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        help_text="Who started it (empty: a management command).",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    file = models.FileField(storage=job_storage, upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="Name for download.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"], name="job_kind_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="job_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["requests_export", "requests_import"]),
                name="job_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class AppendOnlyModel(models.Model):
    """A row that is written once and never rewritten or deleted through the ORM (the
    access log, timelines, audit logs). The database enforces the same where it matters
    (core/migrations: triggers refuse UPDATE and DELETE on the access log)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name_plural.capitalize()} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name_plural.capitalize()} are append-only.")


class TimelineEvent(AppendOnlyModel):
    """One entry of a case's timeline: who did what, when, with the values before and
    after. Each case app subclasses it with its foreign key and its `type` choices."""

    type = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    description = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} at {self.at:%Y-%m-%d %H:%M}"  # type: ignore[attr-defined]


class AccessLogQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Append entries and, in the same transaction, add them to the daily totals
        (AccessLogDay): every writer of the log keeps the unusual-access report's
        aggregate exact."""
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            AccessLogDay.add(created, using=self.db)
        return created


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
    #: For exports: how many rows the whole export had, and the reason the user gave.
    export_rows = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)

    objects = AccessLogQuerySet.as_manager()

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
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            AccessLogDay.add([self], using=kwargs.get("using") or "default")


class AccessLogDay(models.Model):
    """Each user's access-log entries per UK day: how many, and how many were records of
    a unit other than the user's own. Maintained in the transaction that writes the
    entries (AccessLogEntry.save and bulk_create), so the unusual-access report reads a
    few rows per user instead of every entry of the last 30 days; migration 0006 filled
    it from the log as it stood. tests/core/test_access_rollup.py checks it against the
    raw log."""

    day = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    views = models.PositiveIntegerField(default=0)
    outside_unit = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "user"], name="access_log_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} user #{self.user_id}: {self.views}"

    @staticmethod
    def is_outside(entry: "AccessLogEntry") -> bool:
        """A record of another unit (or any unit's record, for a user with none)."""
        return entry.record_unit_id is not None and entry.record_unit_id != entry.user_unit_id

    @classmethod
    def add(cls, entries, *, using: str = "default") -> None:
        totals: dict[tuple, list[int]] = {}
        for entry in entries:
            key = (timezone.localdate(entry.at), entry.user_id)
            counts = totals.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += cls.is_outside(entry)
        if not totals:
            return
        values = ", ".join(["(%s, %s, %s, %s)"] * len(totals))
        with connections[using].cursor() as cursor:
            cursor.execute(
                _ADD_TO_DAYS.format(values=values),
                [v for (day, user), (n, out) in totals.items() for v in (day, user, n, out)],
            )


#: One statement; PostgreSQL and SQLite (3.24+) both add to an existing day's totals.
_ADD_TO_DAYS = (
    "INSERT INTO core_accesslogday (day, user_id, views, outside_unit) VALUES {values}"
    " ON CONFLICT (day, user_id) DO UPDATE SET"
    " views = core_accesslogday.views + excluded.views,"
    " outside_unit = core_accesslogday.outside_unit + excluded.outside_unit"
)


class FigureChange(models.Model):
    """The outbox of changes that move published figures.

    A service that changes a request, a breach or an assessment writes one row here in
    the same transaction as the change, naming the figures (`stream`) and the first month
    the change affects. The rows are drained by a Celery task after commit, by a periodic
    job and at worker start-up (core/outbox.py), and deleted in the same transaction as
    the recomputation they caused: if the broker is down or a worker dies, the row stays
    and a later drain recomputes those months. No recomputation is ever lost."""

    stream = models.CharField(max_length=20)
    month = models.DateField(help_text="The first day of the first month the change affects.")
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["stream", "id"], name="figure_change_stream_idx")]

    def __str__(self) -> str:
        return f"{self.stream} from {self.month:%Y-%m}"


#: Tables no one may change or delete rows of (PostgreSQL triggers refuse UPDATE, DELETE
#: and TRUNCATE; `manage.py database_grants` grants the application's role only INSERT
#: and SELECT on them).
APPEND_ONLY_MODELS: tuple[type[models.Model], ...] = (AccessLogEntry, RoleChange)

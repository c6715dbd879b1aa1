"""Monthly timeliness snapshots: the stored figures every page and the public API read.

One row per request kind × (unit, or all units when `unit` is null) × month, holding every
figure defined in docs/metrics.md. The rows hold counts only, never personal data, so
disposing of requesters' personal data cannot change them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from requests_tracker.vocabularies import RequestKind

#: The counts stored on every snapshot, in the order docs/metrics.md ("Monthly figures")
#: lists them.
COUNT_FIELDS = (
    "received",
    "closed",
    "closed_on_time",
    "due",
    "due_met",
    "open_at_month_end",
    "overdue_at_month_end",
)
#: The figures a revision compares (a change to any of them after the month ended).
PUBLISHED_FIELDS = (*COUNT_FIELDS, "median_days_to_close")


def percentage(numerator: int, denominator: int) -> float | None:
    """0–100, unrounded; None ("no data") when the denominator is 0."""
    if not denominator:
        return None
    return 100.0 * numerator / denominator


class MonthlySnapshot(models.Model):
    month = models.DateField(help_text="The first day of the calendar month (Europe/London).")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="timeliness_snapshots",
        help_text="Empty for the all-units row.",
    )
    received = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    closed_on_time = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    due_met = models.PositiveIntegerField(default=0)
    open_at_month_end = models.PositiveIntegerField(default=0)
    overdue_at_month_end = models.PositiveIntegerField(default=0)
    median_days_to_close = models.DecimalField(
        max_digits=8, decimal_places=1, null=True, blank=True
    )
    #: Data Board breakdowns (outcomes, exemptions, late reasons, requester types,
    #: response-time bands, allocation, complaints, backlog by age): counts only.
    breakdown = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when figures changed after the month had ended and been published.",
    )

    class Meta:
        ordering = ["month", "kind", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "month"],
                condition=Q(unit__isnull=True),
                name="snapshot_one_all_units_row",
            ),
            models.UniqueConstraint(
                fields=["kind", "unit", "month"],
                condition=Q(unit__isnull=False),
                name="snapshot_one_row_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="snapshot_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(closed_on_time__lte=models.F("closed"))
                & Q(due_met__lte=models.F("due"))
                & Q(overdue_at_month_end__lte=models.F("open_at_month_end")),
                name="snapshot_parts_within_wholes",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind", "month"], name="snapshot_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m} {self.unit or 'all units'}"

    @property
    def pct_closed_on_time(self) -> float | None:
        return percentage(self.closed_on_time, self.closed)

    @property
    def pct_due_met(self) -> float | None:
        return percentage(self.due_met, self.due)

    def published_values(self) -> dict:
        values = {field: getattr(self, field) for field in COUNT_FIELDS}
        median = self.median_days_to_close
        values["median_days_to_close"] = None if median is None else float(median)
        return values


class SnapshotRevision(models.Model):
    """A published month's figures changed on a later recomputation: old and new values,
    when, and why — as official statistics record revisions."""

    snapshot = models.ForeignKey(
        MonthlySnapshot, on_delete=models.CASCADE, related_name="revisions"
    )
    revised_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["-revised_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of {self.snapshot} at {self.revised_at:%Y-%m-%d %H:%M}"

    def changes(self) -> list[tuple[str, object, object]]:
        return [
            (field, self.before.get(field), self.after.get(field))
            for field in PUBLISHED_FIELDS
            if self.before.get(field) != self.after.get(field)
        ]


class SnapshotVersion(models.Model):
    """One row: a token changed in the transaction of every recomputation that changed a
    snapshot. Cached public pages and API answers are keyed on it, and it lives in the
    database, not the cache, so a cache that was down or came back with old contents
    can never serve figures older than the snapshots."""

    version = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.version


class BoardCommentary(models.Model):
    """The Data Office's commentary on one month's Board pack. Versioned and append-only:
    every save is a new row, the latest for a month is the one the pack shows, and the
    earlier ones stay as its history (who wrote what, when)."""

    month = models.DateField(help_text="The first day of the month the commentary is on.")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_commentaries"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month", "-created_at", "-id"]
        verbose_name_plural = "board commentaries"
        indexes = [models.Index(fields=["month", "-created_at"], name="board_commentary_month_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="board_commentary_first_day"),
            models.CheckConstraint(condition=~Q(text=""), name="board_commentary_not_empty"),
        ]

    def __str__(self) -> str:
        return (
            f"Commentary on {self.month:%Y-%m} by {self.author} at {self.created_at:%Y-%m-%d %H:%M}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A commentary is never edited: save a new version instead.")
        super().save(*args, **kwargs)

"""Read-mostly admin: assessments are inspected here; changes go through the services
(the assessment pages and the API)."""

from django.contrib import admin

from core.read_only_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Assessment, AssessmentEvent, Condition, PipelineSnapshot, ReminderSent, Risk


class RiskInline(ReadOnlyInline):
    model = Risk
    fields = ("description", "likelihood", "severity", "residual_risk", "owner")
    readonly_fields = fields


class ConditionInline(ReadOnlyInline):
    model = Condition
    fields = ("text", "completed_on", "completed_by")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = AssessmentEvent
    fields = ("at", "type", "actor", "description")
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "kind", "title", "status", "tier", "target_on", "decision", "unit")
    list_filter = ("kind", "status", "tier", "unit")
    search_fields = ("reference", "title")
    list_select_related = ("unit",)
    inlines = [RiskInline, ConditionInline, EventInline]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "kind", "threshold_on", "recipients", "sent_at")
    list_filter = ("kind",)


@admin.register(PipelineSnapshot)
class PipelineSnapshotAdmin(ReadOnlyAdmin):
    list_display = (
        "month",
        "tier",
        "submitted",
        "decided",
        "in_review_at_month_end",
        "late_at_month_end",
    )
    list_filter = ("tier",)

"""Read-mostly admin: breaches are inspected here; changes go through the services (the
breach pages and the API)."""

from django.contrib import admin

from core.read_only_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Breach, BreachAction, BreachAlert, BreachEvent, BreachMonthSnapshot


class ActionInline(ReadOnlyInline):
    model = BreachAction
    fields = ("kind", "description", "owner", "owner_name", "due_on", "completed_on")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = BreachEvent
    fields = ("at", "type", "actor", "description")
    readonly_fields = fields


class AlertInline(ReadOnlyInline):
    model = BreachAlert
    fields = ("threshold", "sent_at", "recipients")
    readonly_fields = fields


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ("reference", "status", "source", "nature", "risk", "aware_at", "report_due_at")
    list_filter = ("status", "source", "nature", "risk", "unit")
    search_fields = ("reference",)
    date_hierarchy = "aware_at"
    list_select_related = ("unit",)
    inlines = [ActionInline, AlertInline, EventInline]


@admin.register(BreachMonthSnapshot)
class BreachMonthSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("month", "dimension", "label", "breaches", "reported", "reported_within_72h")
    list_filter = ("dimension",)

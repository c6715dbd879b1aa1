"""Read-mostly admin: records are inspected here; changes go through the services (the
request pages and the API). Extra non-working days are the one table edited here."""

from django.contrib import admin, messages

from core.read_only_admin import ReadOnlyAdmin, ReadOnlyInline

from . import services
from .models import ClockStop, ExtraNonWorkingDay, InformationRequest, RequestEvent


class ClockStopInline(ReadOnlyInline):
    model = ClockStop
    fields = ("reason", "started_on", "ended_on")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ("at", "type", "actor", "description")
    readonly_fields = fields


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "kind",
        "status",
        "received_on",
        "due_on",
        "closed_on",
        "unit",
        "assigned_to",
    )
    list_filter = ("kind", "status", "unit")
    search_fields = ("reference", "summary")
    date_hierarchy = "received_on"
    list_select_related = ("unit", "assigned_to")
    inlines = [ClockStopInline, EventInline]
    exclude = ("requester", "related")


@admin.register(ExtraNonWorkingDay)
class ExtraNonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    actions = ["recompute_open_due_dates"]

    @admin.action(description="Recompute the due dates of open requests")
    def recompute_open_due_dates(self, request, queryset):
        moved = services.recompute_open_due_dates()
        self.message_user(request, f"{moved} open requests have a new due date.", messages.SUCCESS)

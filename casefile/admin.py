"""Read-only admin for the case file: its records are inspected here; changes go through
the services (the case-file pages and the API). Nothing personal is shown: no file names,
descriptions or contents of documents (a file name can itself be personal data, and the
bytes are downloaded only through the access-logged case-file view), and no free text of
data requests."""

from django.contrib import admin

from .models import DataRequest, DataRequestChase, Document


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChaseInline(admin.TabularInline):
    model = DataRequestChase
    extra = 0
    can_delete = False
    fields = ("sent_on", "kind", "sent_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("id", "request", "kind", "file_type", "size", "uploaded_at", "released_at")
    list_filter = ("kind", "file_type")
    search_fields = ("request__reference",)
    date_hierarchy = "uploaded_at"
    list_select_related = ("request",)
    fields = (
        "request",
        "kind",
        "file_type",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "replaces",
        "release_check_status",
        "release_confirmed_by",
        "release_confirmed_at",
        "released_by",
        "released_at",
    )
    readonly_fields = fields

    @admin.display(description="Release check")
    def release_check_status(self, obj: Document) -> str:
        return str(obj.release_check.get("status", "not checked"))


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "request", "area", "status", "sent_on", "due_on", "received_on")
    list_filter = ("area", "status")
    search_fields = ("request__reference",)
    date_hierarchy = "due_on"
    list_select_related = ("request",)
    fields = (
        "request",
        "area",
        "status",
        "contact_email",
        "manager_email",
        "sent_on",
        "due_on",
        "received_on",
        "items",
        "escalated_on",
        "created_by",
        "created_at",
    )
    readonly_fields = fields
    inlines = [ChaseInline]


@admin.register(DataRequestChase)
class DataRequestChaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "data_request", "kind", "sent_on", "sent_by")
    list_filter = ("kind",)
    search_fields = ("data_request__request__reference",)
    list_select_related = ("data_request", "data_request__request", "sent_by")
    fields = ("data_request", "kind", "sent_on", "recipients", "sent_by", "created_at")
    readonly_fields = fields

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import DigestSent, Unit, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Rights Desk", {"fields": ("unit", "wants_digest")}),
    )
    list_display = ("username", "first_name", "last_name", "unit", "is_active")
    list_filter = ("unit", "groups", "is_active")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    """Read-only: which reminder digests went out, and when."""

    list_display = ("user", "sent_on", "sent_at")
    list_filter = ("sent_on",)
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

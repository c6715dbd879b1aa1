from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import services
from .models import DigestSent, Role, Unit, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Rights Desk", {"fields": ("unit", "wants_digest")}),
        (
            "Single sign-on and activity",
            {"fields": ("oidc_subject", "last_seen_at", "disabled_at", "disabled_reason")},
        ),
    )
    readonly_fields = ("oidc_subject", "last_seen_at", "disabled_at", "disabled_reason")
    list_display = ("username", "first_name", "last_name", "unit", "is_active", "last_seen_at")
    list_filter = ("unit", "groups", "is_active")

    def save_model(self, request, obj, form, change):
        # What the form is about to change, for the role-change log (save_related); kept
        # on the request, since one ModelAdmin serves every request.
        if change:
            before = User.objects.get(pk=obj.pk)
            request._role_change_before = (
                set(before.groups.values_list("name", flat=True)) & set(Role.values),
                before.unit,
                before.is_active,
            )
        else:
            request._role_change_before = (set(), None, None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        roles_before, unit_before, active_before = request._role_change_before
        services.record_changes(
            user=form.instance,
            roles_before=roles_before,
            unit_before=unit_before,
            active_before=active_before,
            actor=request.user,
            source=services.Source.ADMIN_SITE,
        )


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

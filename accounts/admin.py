from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import dateformat, timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token, TokenProxy

from . import services
from .models import SYSTEM_USERNAMES, DigestSent, Role, Unit, User


class AccountFilter(admin.SimpleListFilter):
    """The user list shows people: the system's own accounts (the one the case file names
    as uploader of what a requester sent online) only when chosen here or searched for,
    so an administrator can still open one, and the documents and events naming it keep
    their account."""

    title = "account"
    parameter_name = "account"

    def lookups(self, request, model_admin):
        return [("system", "System accounts (not people)"), ("all", "All accounts")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "People",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "system":
            return queryset.filter(username__in=SYSTEM_USERNAMES)
        if self.value() == "all" or request.GET.get(SEARCH_VAR, "").strip():
            return queryset
        return queryset.exclude(username__in=SYSTEM_USERNAMES)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Rights Desk", {"fields": ("unit", "wants_digest")}),
        (
            "Single sign-on and activity",
            {
                "fields": (
                    "oidc_subject",
                    "last_seen_at",
                    "disabled_at",
                    "disabled_reason",
                    "api_token",
                )
            },
        ),
    )
    readonly_fields = (
        "oidc_subject",
        "last_seen_at",
        "disabled_at",
        "disabled_reason",
        "api_token",
    )
    actions = ("revoke_api_tokens",)
    list_display = ("username", "first_name", "last_name", "unit", "is_active", "last_seen_at")
    list_filter = (AccountFilter, "unit", "groups", "is_active")

    @admin.display(description="API token")
    def api_token(self, obj: User) -> str:
        token = Token.objects.filter(user=obj).first() if obj.pk else None
        if token is None:
            return "None"
        return f"Issued {dateformat.format(timezone.localtime(token.created), 'j F Y, H:i')}"

    @admin.action(description="Revoke the API tokens of the selected users")
    def revoke_api_tokens(self, request, queryset):
        revoked = services.revoke_api_tokens(users=queryset, actor=request.user)
        self.message_user(request, f"{revoked} API token(s) revoked.")

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


# Secrets stay secret, even from administrators: the packages' own admin pages show API
# token keys, TOTP seeds (with a QR code) and unused recovery codes, any of which would let
# whoever sees them act as that user. Here an administrator sees who holds a credential
# and when it was made or last used, and can revoke it (delete) — nothing more. Tokens are
# issued by `manage.py create_api_token`, second factors by their owner at sign-in.
class CredentialAdmin(admin.ModelAdmin):
    list_select_related = ("user",)
    search_fields = ("user__username",)

    def get_fields(self, request, obj=None):
        return self.list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _replace(model: type, admin_class: type) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, admin_class)


class DeviceAdmin(CredentialAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = list_display
    list_filter = ("confirmed",)


# A token's primary key is the token itself, so no page of its own can avoid showing
# it: the user's admin page says whether one is issued and revokes it.
admin.site.unregister(TokenProxy)
_replace(TOTPDevice, DeviceAdmin)
_replace(StaticDevice, DeviceAdmin)

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """Roles are Django groups of these names (created by a data migration)."""

    CASEWORKER = "caseworker", "Caseworker"
    TEAM_LEAD = "team_lead", "Team lead"
    DPO = "dpo", "Data Protection Officer"
    DATA_BOARD = "data_board", "Data Board member"
    ADMIN = "admin", "Administrator"


class Unit(models.Model):
    """A team or directorate that users and records belong to."""

    class Kind(models.TextChoices):
        TEAM = "team", "Team"
        DIRECTORATE = "directorate", "Directorate"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["team", "directorate"]), name="unit_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


#: The account what a requester sends online (evidence, replies) is filed under in the
#: case file (intake.services.online_account): inactive, no role, no password.
ONLINE_REQUESTER_USERNAME = "online-requester"
#: Accounts the system files things under, never a person. They stay (documents and the
#: timeline name them, so the audit trail holds) but staff lists leave them out: the
#: admin's user list unless searched for or filtered to, team pages, assignment choices.
SYSTEM_USERNAMES = frozenset({ONLINE_REQUESTER_USERNAME})


class User(AbstractUser):
    """Django's user with username login, plus the unit the user works in."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    wants_digest = models.BooleanField(
        "email me a morning digest",
        default=True,
        help_text="A working-morning email of requests due soon and overdue.",
    )
    #: The identity provider's stable identifier (OIDC_SUBJECT_CLAIM) of a user who signs
    #: in with single sign-on; empty for local accounts.
    oidc_subject = models.CharField(
        "single sign-on subject", max_length=255, unique=True, null=True, blank=True
    )
    #: The last sign-in or API call (the account-inactivity job reads it).
    last_seen_at = models.DateTimeField("last seen", null=True, blank=True)
    #: When the account was disabled, and why (empty while active).
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        swappable = "AUTH_USER_MODEL"

    @property
    def roles(self) -> set[str]:
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = set(self.groups.values_list("name", flat=True))
        return self._roles_cache

    def has_role(self, *roles: str) -> bool:
        return (self.is_superuser and Role.ADMIN in roles) or bool(self.roles & set(roles))

    @property
    def is_system_account(self) -> bool:
        return self.username in SYSTEM_USERNAMES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class DigestSent(models.Model):
    """One row per user and day a reminder digest was emailed: nothing is sent twice."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digests_sent")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="digest_once_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"Digest for user #{self.user_id} on {self.sent_on}"


class RoleChange(models.Model):
    """One grant or removal of a role or a unit: append-only (as the access log is; on
    PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE, accounts migration 0005)."""

    class Kind(models.TextChoices):
        ROLE = "role", "Role"
        UNIT = "unit", "Unit"
        ACCOUNT = "account", "Account"

    class Change(models.TextChoices):
        GRANTED = "granted", "Granted"
        REMOVED = "removed", "Removed"

    class Source(models.TextChoices):
        ADMIN_SITE = "admin_site", "Admin site"
        COMMAND = "command", "Management command"
        SSO = "sso", "Single sign-on"
        INACTIVITY = "inactivity", "Inactivity job"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_changes")
    #: Who made the change; empty for the single sign-on mapping and the inactivity job.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    change = models.CharField(max_length=10, choices=Change.choices)
    #: The role name, the unit's name, or "active" for an account enabled or disabled.
    value = models.CharField(max_length=200)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="role_change_user_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["role", "unit", "account"]),
                name="role_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(change__in=["granted", "removed"]),
                name="role_change_change_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=["admin_site", "command", "sso", "inactivity"]),
                name="role_change_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.value} {self.change}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The role-change log is append-only.")
        super().save(*args, **kwargs)


class InactivityNotice(models.Model):
    """The warning emailed before an unused account is disabled: sent once per period of
    inactivity (a later sign-in makes a new period, keyed by the last-seen moment)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="inactivity_notices")
    last_seen_at = models.DateTimeField(null=True, blank=True)
    disable_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "last_seen_at"], name="inactivity_notice_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Inactivity notice for user #{self.user_id}, disable on {self.disable_on}"


class AccessReview(models.Model):
    """A team lead's monthly confirmation that their team's roles are right, with what they
    saw (who held which role, last seen) kept as it was."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="access_reviews")
    month = models.DateField(help_text="The first day of the month reviewed.")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    members = models.JSONField(default=list)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-month", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="access_review_once_a_month")
        ]

    def __str__(self) -> str:
        return f"Access review of {self.unit} for {self.month:%B %Y}"

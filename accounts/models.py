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

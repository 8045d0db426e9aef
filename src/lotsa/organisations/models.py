from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.organisations.constants import OrganisationKind, Role


class Organisation(models.Model):
    """A municipality or a coordination association; every record belongs to one."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(
        _("typ"),
        max_length=40,
        choices=OrganisationKind.choices,
        default=OrganisationKind.MUNICIPALITY,
    )
    municipality_code = models.CharField(
        _("kommunkod"), max_length=4, blank=True, help_text=_("SCB:s fyrsiffriga kommunkod.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name

    @property
    def is_coordination_association(self) -> bool:
        return self.kind == OrganisationKind.COORDINATION_ASSOCIATION


class MemberMunicipality(models.Model):
    """A municipality that is a member of a coordination association (samordningsförbund);
    participants record which one they come from, so statistics can be split by member."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="member_municipalities",
        verbose_name=_("samordningsförbund"),
    )
    name = models.CharField(_("namn"), max_length=200)
    municipality_code = models.CharField(_("kommunkod"), max_length=4)

    class Meta:
        ordering = ["name"]
        verbose_name = _("medlemskommun")
        verbose_name_plural = _("medlemskommuner")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "municipality_code"], name="member_municipality_unique_code"
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"], name="member_municipality_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A part of a city (stadsdel); access must be equal across districts."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stadsdel")
        verbose_name_plural = _("stadsdelar")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An organisational unit: a referring unit or one that runs the support."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    runs_support = models.BooleanField(
        _("ger stöd"),
        default=False,
        help_text=_("Enheten har arbetscoacher och tar emot remisser."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A signed-in person: staff, a partner's contact person or a participant; the role decides
    what they may do, the unit where."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("enhet"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.COACH)
    title = models.CharField(_("titel"), max_length=100, blank=True)
    # Set once, when lotsa.api creates the user a service account acts as; never by a form.
    is_service_account = models.BooleanField(_("tjänstekonto"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_coach(self) -> bool:
        return self.role == Role.COACH

    @property
    def is_referrer(self) -> bool:
        return self.role == Role.REFERRER

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def is_participant(self) -> bool:
        return self.role == Role.PARTICIPANT

    @property
    def is_instance_administrator(self) -> bool:
        return self.role == Role.INSTANCE_ADMINISTRATOR

    @property
    def is_staff_member(self) -> bool:
        """Municipal staff: coach, referrer, manager or administrator."""
        return self.role in (Role.COACH, Role.REFERRER, Role.MANAGER, Role.ADMINISTRATOR)


class AccountInvitation(models.Model):
    """A one-time link with which a new (or locked-out) staff member sets their own password.

    Only the SHA-256 of the token is stored; the token itself is in the e-mail alone. A link
    works once, until `expires_at`, and a newer invitation for the same user replaces it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return str(_("Inbjudan för %(user)s") % {"user": self.user.username})

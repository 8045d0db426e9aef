from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import ResponsibleParty
from lotsa.collaboration.constants import (
    ConsentForm,
    ConsentScope,
    ConsentSource,
    MeetingKind,
    PartnerKind,
)


class PartnerOrganisation(models.Model):
    """An agency or employer the organisation works with around a person (samverkanspart)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av part"), max_length=20, choices=PartnerKind.choices)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkanspart")
        verbose_name_plural = _("samverkansparter")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A contact person at a partner; may have a partner user to read what was consented."""

    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("samverkanspart"),
    )
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("roll"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_contact",
        verbose_name=_("användare"),
    )

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("kontaktperson hos samverkanspart")
        verbose_name_plural = _("kontaktpersoner hos samverkanspart")

    def __str__(self) -> str:
        return self.name


class Consent(models.Model):
    """The person's consent that named partners may be told what it covers (OSL 12 kap.).

    The one register of consent: whether captured on the referral, on the case, at a meeting or
    through the API, it is a row here (`source` says where). In force from `given_on` through
    `valid_to` (open-ended when empty) until `revoked_at`; revoking takes effect at that
    moment, not at the end of the day. `named_parties` keeps the kinds of party the person
    named on a referral, so a party with no partner organisation in the register shows plainly
    instead of vanishing.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="consents"
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("deltagare"),
    )
    partners = models.ManyToManyField(
        PartnerOrganisation, related_name="consents", verbose_name=_("samverkansparter")
    )
    shares_plan = models.BooleanField(_("planen"), default=False)
    shares_notes = models.BooleanField(_("journalanteckningar"), default=False)
    shares_assessments = models.BooleanField(_("kartläggningar och bedömningar"), default=False)
    shares_placements = models.BooleanField(_("praktik och anställningar"), default=False)
    shares_meetings = models.BooleanField(_("samverkansmöten"), default=False)
    source = models.CharField(
        _("registrerat via"),
        max_length=10,
        choices=ConsentSource.choices,
        default=ConsentSource.STAFF,
    )
    named_parties = models.JSONField(
        _("parter som personen nämnde"),
        default=list,
        blank=True,
        help_text=_("De typer av parter samtycket gavs till på remissen."),
    )
    given_on = models.DateField(_("givet"))
    form = models.CharField(_("form"), max_length=10, choices=ConsentForm.choices)
    valid_to = models.DateField(
        _("gäller till och med"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om samtycket gäller tills vidare."),
    )
    note = models.TextField(_("kommentar"), blank=True)
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("remiss"),
        help_text=_("Remissen där samtycket först noterades."),
    )
    meeting = models.ForeignKey(
        "CoordinationMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("samverkansmöte"),
        help_text=_("Mötet där samtycket gavs."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    registered_at = models.DateTimeField(_("registrerat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallat av"),
    )
    # Set by `consents_mark_expired` (lotsa expire_consents) when it announced consent_expired;
    # whether a consent is in force is always computed from the dates, never from this.
    expiry_recorded_at = models.DateTimeField(_("utgång registrerad"), null=True, blank=True)

    class Meta:
        ordering = ["participant", "-given_on", "-id"]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        indexes = [models.Index(fields=["participant", "given_on"], name="consent_participant")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("given_on")),
                name="consent_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="revoked_consent_has_revoker",
            ),
            # A referral noted before it asked for the scope carries over as given: scopeless,
            # shown plainly, sharing nothing. Every other consent shares something.
            models.CheckConstraint(
                condition=Q(shares_plan=True)
                | Q(shares_notes=True)
                | Q(shares_assessments=True)
                | Q(shares_placements=True)
                | Q(shares_meetings=True)
                | Q(source="referral"),
                name="consent_shares_something_v2",
            ),
        ]

    def __str__(self) -> str:
        return f"Samtycke {self.pk}"

    @property
    def scopes(self) -> list[str]:
        return [scope for scope in ConsentScope.values if getattr(self, f"shares_{scope}")]

    @property
    def scope_labels(self) -> list[str]:
        return [str(ConsentScope(scope).label) for scope in self.scopes]

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def unmatched_party_labels(self) -> list[str]:
        """Parties the person named that no partner organisation of this consent answers for.

        Reads `partners`, so prefetch it when listing consents.
        """
        matched = {partner.kind for partner in self.partners.all()}
        labels = dict(PartnerKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.named_parties if kind not in matched]


class CoordinationMeeting(models.Model):
    """A SIP, three-party or intake meeting about one case: who came and what was agreed."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("ärende")
    )
    kind = models.CharField(_("typ av möte"), max_length=12, choices=MeetingKind.choices)
    meets_on = models.DateField(_("datum"))
    starts_at = models.TimeField(_("klockan"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    parties = models.JSONField(_("parter som deltar"), default=list, blank=True)
    partners = models.ManyToManyField(
        PartnerOrganisation,
        related_name="meetings",
        blank=True,
        verbose_name=_("samverkansparter som deltar"),
    )
    attendees = models.TextField(
        _("deltagare på mötet"), blank=True, help_text=_("Namn och roll, en per rad.")
    )
    lead_party = models.CharField(
        _("huvudansvarig"),
        max_length=30,
        choices=ResponsibleParty.choices,
        blank=True,
        help_text=_("Vem som har det övergripande ansvaret (i en SIP)."),
    )
    agreed = models.TextField(_("överenskommelser"), blank=True)
    outcome_recorded_at = models.DateTimeField(_("utfall registrerat"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-meets_on", "-id"]
        verbose_name = _("samverkansmöte")
        verbose_name_plural = _("samverkansmöten")
        indexes = [models.Index(fields=["case", "meets_on"], name="meeting_case_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meets_on}"

    @property
    def party_labels(self) -> list[str]:
        labels = dict(ResponsibleParty.choices)
        return [str(labels.get(party, party)) for party in self.parties]

    @property
    def has_outcome(self) -> bool:
        return self.outcome_recorded_at is not None


class MeetingAction(models.Model):
    """An action agreed at a meeting; it lives in the plan as the activity it became."""

    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="actions"
    )
    activity = models.OneToOneField(
        "cases.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_action",
    )
    # Kept so the meeting still says what was agreed if the activity later leaves the plan.
    description = models.TextField(_("åtgärd"))
    responsible = models.CharField(_("ansvarig"), max_length=30, choices=ResponsibleParty.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("överenskommen åtgärd")
        verbose_name_plural = _("överenskomna åtgärder")

    def __str__(self) -> str:
        return self.description[:60]

"""The board report's split by member municipality, for a coordination association: the
participant flows of the report's own filter, one row per member municipality the participant
comes from (registered on the person, as the district is)."""

from django.utils.translation import gettext as _

from lotsa.organisations.models import MemberMunicipality
from lotsa.statistics.report import BoardReportBuilder, Section


def by_member_municipality(builder: BoardReportBuilder) -> Section | None:
    """None for a municipality, or an association without members."""
    organisation = builder.filter.organisation
    if not organisation.is_coordination_association:
        return None
    members = list(
        MemberMunicipality.objects.filter(organisation=organisation).values_list(
            "pk", "name", "municipality_code"
        )
    )
    if not members:
        return None
    table = builder._flow_table(
        "member_municipality",
        _("Deltagare efter medlemskommun"),
        _(
            "Personer (räknade en gång) med ett ärende som startade, pågick eller avslutades "
            "under perioden, efter den medlemskommun de kommer från."
        ),
        _("Medlemskommun"),
        [(pk, f"{name} ({code})") for pk, name, code in members],
        "participant__member_municipality_id",
        extra_label=lambda value: _("Medlemskommun saknas"),
    )
    return Section("member_municipalities", _("Medlemskommuner"), [table])

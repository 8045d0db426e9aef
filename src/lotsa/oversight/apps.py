from lotsa.core import apps


class OversightConfig(apps.LotsaAppConfig):
    """Reading the audit log: the monthly log review, a user's log, "who has looked at this
    person". The audit app below records; this app reads people, cases and referrals to judge
    what was looked at, so it sits above them."""

    name = "lotsa.oversight"
    label = "oversight"

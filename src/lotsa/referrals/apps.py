from lotsa.core import apps


class ReferralsConfig(apps.LotsaAppConfig):
    name = "lotsa.referrals"
    label = "referrals"

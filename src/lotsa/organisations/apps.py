from lotsa.core import apps


class OrganisationsConfig(apps.LotsaAppConfig):
    name = "lotsa.organisations"
    label = "organisations"

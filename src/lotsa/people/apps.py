from lotsa.core import apps


class PeopleConfig(apps.LotsaAppConfig):
    name = "lotsa.people"
    label = "people"

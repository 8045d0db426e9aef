from lotsa.core import apps


class GuidelinesConfig(apps.LotsaAppConfig):
    name = "lotsa.guidelines"
    label = "guidelines"

from lotsa.core import apps


class DecisionsConfig(apps.LotsaAppConfig):
    name = "lotsa.decisions"
    label = "decisions"

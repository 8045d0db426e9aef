from lotsa.core import apps


class OutcomesConfig(apps.LotsaAppConfig):
    name = "lotsa.outcomes"
    label = "outcomes"

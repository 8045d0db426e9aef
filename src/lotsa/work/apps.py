from lotsa.core import apps


class WorkConfig(apps.LotsaAppConfig):
    name = "lotsa.work"
    label = "work"

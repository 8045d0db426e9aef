from lotsa.core import apps


class ImportsConfig(apps.LotsaAppConfig):
    name = "lotsa.imports"
    label = "imports"

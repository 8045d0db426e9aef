from lotsa.core import apps


class CasesConfig(apps.LotsaAppConfig):
    name = "lotsa.cases"
    label = "cases"

from lotsa.core import apps


class ApiConfig(apps.LotsaAppConfig):
    name = "lotsa.api"
    label = "api"

from lotsa.core import apps


class DemoConfig(apps.LotsaAppConfig):
    name = "lotsa.demo"
    label = "demo"

from lotsa.core import apps


class ReportingConfig(apps.LotsaAppConfig):
    name = "lotsa.reporting"
    label = "reporting"

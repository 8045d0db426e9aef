from lotsa.core import apps


class StatisticsConfig(apps.LotsaAppConfig):
    name = "lotsa.statistics"
    label = "statistics"

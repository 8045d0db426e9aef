from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "lotsa.statistics"
    label = "statistics"

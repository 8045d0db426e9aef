from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "lotsa.decisions"
    label = "decisions"

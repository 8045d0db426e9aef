from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "lotsa.outcomes"
    label = "outcomes"

from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "lotsa.guidelines"
    label = "guidelines"

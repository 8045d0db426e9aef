from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "lotsa.imports"
    label = "imports"

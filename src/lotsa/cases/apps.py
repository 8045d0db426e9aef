from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lotsa.cases"
    label = "cases"

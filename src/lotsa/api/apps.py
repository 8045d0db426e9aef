from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lotsa.api"
    label = "api"

from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "lotsa.work"
    label = "work"

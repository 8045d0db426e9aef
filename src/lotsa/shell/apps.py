from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "lotsa.shell"
    label = "shell"

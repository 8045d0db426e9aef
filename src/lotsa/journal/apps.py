from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "lotsa.journal"
    label = "journal"

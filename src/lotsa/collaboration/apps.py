from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "lotsa.collaboration"
    label = "collaboration"

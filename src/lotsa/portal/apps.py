from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "lotsa.portal"
    label = "portal"

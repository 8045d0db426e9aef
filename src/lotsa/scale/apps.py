from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "lotsa.scale"
    label = "scale"
    verbose_name = "Syntetiska data i stor skala"

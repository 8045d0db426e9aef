from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "lotsa.retention"
    label = "retention"

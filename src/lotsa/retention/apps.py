from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "lotsa.retention"
    label = "retention"

    def ready(self) -> None:
        from lotsa.retention import checks  # noqa: F401 - registers the system checks

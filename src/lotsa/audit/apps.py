from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lotsa.audit"
    label = "audit"

    def ready(self) -> None:
        from lotsa.audit import signals  # noqa: F401

from lotsa.core import apps


class AuditConfig(apps.LotsaAppConfig):
    name = "lotsa.audit"
    label = "audit"

    def ready(self) -> None:
        super().ready()
        from lotsa.audit import signals  # noqa: F401

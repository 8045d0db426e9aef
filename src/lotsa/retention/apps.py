from lotsa.core import apps


class RetentionConfig(apps.LotsaAppConfig):
    name = "lotsa.retention"
    label = "retention"

    def ready(self) -> None:
        super().ready()
        from lotsa.retention import checks  # noqa: F401 - registers the system checks

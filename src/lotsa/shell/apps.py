from lotsa.core import apps


class ShellConfig(apps.LotsaAppConfig):
    name = "lotsa.shell"
    label = "shell"

    def ready(self) -> None:
        super().ready()
        from lotsa.shell import checks  # noqa: F401  (registers the start-up checks)

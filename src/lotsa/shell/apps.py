from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "lotsa.shell"
    label = "shell"

    def ready(self) -> None:
        from lotsa.shell import checks  # noqa: F401  (registers the start-up checks)

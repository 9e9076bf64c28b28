from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Verzeichnis"

    def ready(self):
        # Connects the handlers that keep the search documents current.
        from directory import signals  # noqa: F401

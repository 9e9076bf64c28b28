from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Verzeichnis")

    def ready(self):
        # Connects the handlers that keep the search documents current, and the name
        # functions on SQLite.
        from directory import dbrules, names, signals  # noqa: F401

        pre_migrate.connect(dbrules.drop_sqlite_triggers, sender=self)
        post_migrate.connect(dbrules.install_sqlite_triggers, sender=self)
        from directory.permissions import ensure_editor_group

        post_migrate.connect(ensure_editor_group, sender=self, dispatch_uid="ensure_editor_group")

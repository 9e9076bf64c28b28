# Not netzwerk/apps.py: Django would take a lone AppConfig there as the config of the app
# "netzwerk" itself (the rate counters), not of the admin.
from django.contrib.admin.apps import AdminConfig


class AtlasAdminConfig(AdminConfig):
    """The admin app with the project's site (second factor, scoped "view on site") as admin.site."""

    default_site = "netzwerk.admin.AtlasAdminSite"

"""Making a network's editor on one screen: the user's page carries the networks they look
after, and saving it sets the editor group with them (directory/permissions.py has the rules).

Before, it took two screens that shared one name: the group "Netzwerk-Redaktion" on the user,
and a "Netzwerk-Redaktion" row per network elsewhere.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from directory.models import NetworkEditor
from directory.permissions import EDITOR_GROUP, ensure_editor_group, is_unrestricted

User = get_user_model()


class NetworkEditorInline(admin.TabularInline):
    """The networks the user looks after; superusers alone hand them out."""

    model = NetworkEditor
    fk_name = "user"
    fields = ["network", "created"]
    readonly_fields = ["created"]
    autocomplete_fields = ["network"]
    extra = 0
    verbose_name = _("Betreutes Netzwerk")
    verbose_name_plural = _("Betreute Netzwerke (Netzwerk-Redaktion: die Gruppe wird mit ihnen gesetzt)")

    def has_view_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_add_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_change_permission(self, request, obj=None):
        return is_unrestricted(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_unrestricted(request.user)


class AtlasUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, NetworkEditorInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_editor_group(form.instance)


def sync_editor_group(user) -> None:
    """A user who looks after a network is staff in the editor group; one who looks after
    none any more leaves the group (its permissions count only on a network's records)."""
    group = Group.objects.filter(name=EDITOR_GROUP).first() or ensure_editor_group()
    if user.network_editor_roles.exists():
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    else:
        user.groups.remove(group)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AtlasUserAdmin)

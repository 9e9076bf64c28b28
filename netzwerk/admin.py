"""The admin site with an optional second factor (ADMIN_REQUIRE_2FA).

With the setting on, only staff verified by a TOTP device (django-otp) count as staff for
the admin, and the login form asks for the one-time code. The setting is read per request,
so switching it needs no other change. It is the project's default admin site
(`netzwerk.admin_config.AtlasAdminConfig`), so every ModelAdmin registered on `admin.site` uses it.

"View on site" (`/admin/r/<content type>/<id>/`) is narrowed to what the editor may see:
Django's own shortcut redirects for any id, which would tell a network editor the slug, that is
the name, of every private person and of other networks' records.
"""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class AtlasAdminSite(admin.AdminSite):
    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_REQUIRE_2FA else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_REQUIRE_2FA else None

    def index(self, request, extra_context=None):
        # The start page tells a network's editor which networks they look after (one query).
        from directory.permissions import editable_networks, is_unrestricted

        networks = [] if is_unrestricted(request.user) else list(editable_networks(request.user).only("name", "slug"))
        return super().index(request, {"editor_networks": networks, **(extra_context or {})})

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if settings.ADMIN_REQUIRE_2FA:
            return allowed and request.user.is_verified()
        return allowed

    def get_urls(self):
        urls = super().get_urls()
        scoped = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [scoped if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's redirect to the public page, for records the user may view in the admin.

        Anything else answers 404, as the change page does: a record outside the editor's
        scope, a model without an admin, an id that is no id.
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        # A record's content type is its concrete model's; the admin may be on a proxy
        # (Network, Firm), so every admin of the same table is asked.
        admins = [
            model_admin
            for registered, model_admin in self._registry.items()
            if model is not None and registered._meta.concrete_model is model._meta.concrete_model
        ]
        if not any(self._may_view(request, model_admin, object_id) for model_admin in admins):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    @staticmethod
    def _may_view(request, model_admin, object_id) -> bool:
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, TypeError, ValidationError):
            return False
        return obj is not None and model_admin.has_view_permission(request, obj)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a readable page, 429, and when to retry."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = render(
        request,
        "axes_lockout.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "username": get_client_username(request, credentials) or "",
            "minutes": max(1, -(-seconds // 60)) if seconds else 0,
        },
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response

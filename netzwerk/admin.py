"""The admin site with an optional second factor (ADMIN_REQUIRE_2FA).

With the setting on, only staff verified by a TOTP device (django-otp) count as staff for
the admin, and the login form asks for the one-time code. The setting is read per request,
so switching it needs no other change. netzwerk/urls.py puts this class on `admin.site`, so
every ModelAdmin registered there keeps working.
"""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
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

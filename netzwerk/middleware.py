"""Middleware that only the admin needs, kept off the public pages.

A public request passes only what a public page needs (settings.MIDDLEWARE): the host check
and security headers, static files, the session and the user (the fragment cache skips
signed-in users by request.user), the language, CSRF, the frame and content-security
policies. The second factor (django-otp), the admin's messages, the history's record of who
made a change (simple_history) and the login lockout page (django-axes) concern the admin and
its login alone: each runs here for paths under /admin/ and is skipped otherwise. The classes
subclass the originals where Django's checks look for them (the admin wants the messages
middleware). None of them has process_view or process_exception, which the skip would bypass.

The content-security policy stays on every page, built once (CSPMiddleware below).
"""

from axes.middleware import AxesMiddleware as BaseAxesMiddleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware as BaseMessageMiddleware
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware

ADMIN_PATHS = ("/admin/",)


def for_admin(request) -> bool:
    return request.path_info.startswith(ADMIN_PATHS)


class OTPMiddleware(BaseOTPMiddleware):
    # request.user.is_verified() for the admin's second factor (netzwerk/admin.py).
    def __call__(self, request):
        return super().__call__(request) if for_admin(request) else self.get_response(request)


class MessageMiddleware(BaseMessageMiddleware):
    # The admin's "saved" notes; no public page shows Django messages.
    def __call__(self, request):
        return super().__call__(request) if for_admin(request) else self.get_response(request)


class AxesMiddleware(BaseAxesMiddleware):
    # The lockout page for a locked-out login; the only login is the admin's.
    def __call__(self, request):
        return super().__call__(request) if for_admin(request) else self.get_response(request)


class HistoryRequestMiddleware:
    """Who made a change, for the history tables (simple_history's middleware is a function,
    so it is wrapped rather than subclassed); public pages change nothing that has history."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.inner = import_string("simple_history.middleware.HistoryRequestMiddleware")(get_response)

    def __call__(self, request):
        return self.inner(request) if for_admin(request) else self.get_response(request)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware with the site's policy built once per process rather than once
    per response (two dataclass copies and a join of every directive, a good part of a 404).

    Only the plain case is taken from the kept headers: a response with no policy of its own
    (the csp decorators' _csp_* attributes), no header set already, and a request that used no
    nonce; anything else goes to django-csp as before. Kept until the settings change.
    """

    OVERRIDES = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )
    _headers = None

    def process_response(self, request, response):
        plain = (
            getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in self.OVERRIDES)
            and HEADER not in response
            and HEADER_REPORT_ONLY not in response
            and not (settings.DEBUG and response.status_code in (404, 500))
        )
        if not plain:
            return super().process_response(request, response)
        headers = CSPMiddleware._headers
        if headers is None:
            headers = CSPMiddleware._headers = {
                HEADER: (build_policy(), _excluded("CONTENT_SECURITY_POLICY")),
                HEADER_REPORT_ONLY: (build_policy(report_only=True), _excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY")),
            }
        for header, (policy, excluded) in headers.items():
            if policy and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded(setting: str) -> tuple:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ())


@receiver(setting_changed)
def _forget_csp_headers(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        CSPMiddleware._headers = None

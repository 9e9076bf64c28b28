"""Response headers Django's SecurityMiddleware does not set: Permissions-Policy and
Cross-Origin-Resource-Policy."""

from django.conf import settings

# The site uses no camera, microphone, location or payment API; the map centres on what the
# visitor types, never on where they are.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


def security_headers(get_response):
    static_prefix = settings.STATIC_URL

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Pages and data only for this origin; static files (the Open Graph image, the
        # stylesheet) may be embedded by other sites, as link previews do.
        policy = "cross-origin" if request.path.startswith(static_prefix) else "same-origin"
        response.setdefault("Cross-Origin-Resource-Policy", policy)
        return response

    return middleware

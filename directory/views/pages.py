"""Pages about the site itself: robots.txt, the accessibility statement (BITV 2.0), and the
operator's privacy notice and imprint, kept in the admin (SitePage)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from directory.models import SitePage

# Filter, sort and page variants of the lists are endless; the plain lists and sitemap.xml
# lead to every page. Exports and calendar feeds are downloads, not pages.
ROBOTS_DISALLOW = (
    "/admin/",
    "/*?*format=",
    "/*.ics",
    "/firmen/?",
    "/organisationen/?",
    "/netzwerke/*?",
    "/quellen/*?",
    "/veranstaltungen/?",
)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL})


def site_page(request, key: str):
    page = get_object_or_404(SitePage, key=key)
    return render(request, "directory/site_page.html", {"page": page, "blocks": page.blocks()})


@require_safe
def privacy(request):
    return site_page(request, SitePage.Key.PRIVACY)


@require_safe
def imprint(request):
    return site_page(request, SitePage.Key.IMPRINT)

"""The operator's own pages: the privacy notice and the imprint, kept in the admin (SitePage)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.models import SitePage


def site_page(request, key: str):
    page = get_object_or_404(SitePage, key=key)
    return render(request, "directory/site_page.html", {"page": page, "blocks": page.blocks()})


@require_GET
def privacy(request):
    return site_page(request, SitePage.Key.PRIVACY)


@require_GET
def imprint(request):
    return site_page(request, SitePage.Key.IMPRINT)

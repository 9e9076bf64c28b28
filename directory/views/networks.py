"""The network pages: a network's members, leadership, events and partners."""

from django.views.decorators.http import require_GET

from .organisations import organisation_page


@require_GET
def network_detail(request, slug):
    return organisation_page(request, slug, network=True)

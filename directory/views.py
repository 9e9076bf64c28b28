from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return HttpResponse("Netzwerkatlas")


organisation_list = organisation_detail = network_detail = person_detail = source_detail = home

"""'Eintrag korrigieren': readers report what is wrong on a public profile.

A report lands in the moderation queue (admin, CorrectionRequest) for the record's network
editors; it changes nothing else. Spam is kept down by a honeypot field, size limits on every
field and a per-client rate limit on submissions (netzwerk/ratelimit.py).
"""

import hashlib
import hmac

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from directory.forms import CorrectionForm
from directory.models import CorrectionRequest, Organisation, Person
from events.models import Event
from netzwerk.ratelimit import client_address, ratelimit

# The kind in the URL → where the record is looked up. Only what has a public page:
# a person who is not public has no page, so there is nothing to correct either (404).
KINDS = {
    "organisation": lambda: Organisation.objects.exclude(kind=Organisation.Kind.NETWORK),
    "netzwerk": lambda: Organisation.objects.networks(),
    "person": lambda: Person.objects.public(),
    "veranstaltung": lambda: Event.objects.all(),
}


def public_record(kind: str, slug: str):
    if kind not in KINDS:
        raise Http404
    return get_object_or_404(KINDS[kind](), slug=slug)


def client_hash(request) -> str:
    """Who sent it, as a keyed hash: repeated senders stand out, addresses are not stored."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()


@require_http_methods(["GET", "HEAD", "POST"])
def correction(request, kind, slug):
    record = public_record(kind, slug)
    if request.method == "POST":
        return submit_correction(request, record=record, kind=kind)
    return render(
        request,
        "directory/correction_form.html",
        {"record": record, "form": CorrectionForm(), "sent": "gesendet" in request.GET},
    )


@ratelimit("correction")
def submit_correction(request, *, record, kind):
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/correction_form.html", {"record": record, "form": form}, status=400)
    # A filled-in honeypot is a bot: it gets the same answer as a reader, and nothing is stored.
    if not form.cleaned_data["website"]:
        CorrectionRequest.objects.create(
            record=record,
            record_label=str(record)[:300],
            message=form.cleaned_data["message"],
            contact=form.cleaned_data["contact"],
            client_hash=client_hash(request),
        )
    return redirect(reverse("directory:correction", args=[kind, record.slug]) + "?gesendet=1")

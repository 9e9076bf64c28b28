from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from directory.models import Person, Position
from directory.models.loading import cited, number_sources
from events.models import Participation

from .common import split_current


@require_safe
def person_detail(request, slug):
    # Only public people have a page; anyone else is a 404, exactly as if they did not exist.
    person = get_object_or_404(
        Person.objects.public().prefetch_related(
            cited(),
            Prefetch(
                "positions",
                queryset=Position.objects.select_related("organisation")
                .prefetch_related(cited())
                .order_by("-start_date", "-attested_date", "organisation__name"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("event", "organisation")
                .prefetch_related(cited())
                .order_by("-event__start_date", "role"),
            ),
        ),
        slug=slug,
    )
    positions = list(person.positions.all())
    participations = list(person.participations.all())
    current_positions, past_positions = split_current(positions)
    talks = [p for p in participations if p.role == Participation.Role.SPEAKER]
    other_participations = [p for p in participations if p.role != Participation.Role.SPEAKER]
    sources, source_numbers = number_sources(person, *positions, *participations)
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "current_positions": current_positions,
            "past_positions": past_positions,
            "talks": talks,
            "other_participations": other_participations,
            "sources": sources,
            "source_numbers": source_numbers,
        },
    )

"""Small template helpers for the public pages. None of them queries the database."""

from django import template
from django.utils.translation import gettext

from directory.fuzzydates import format_period

register = template.Library()


@register.inclusion_tag("includes/source_refs.html", takes_context=True)
def source_refs(context, record):
    """Footnote links from a record to the numbered "Quellen" list of its page.

    Reads the record's prefetched citations and the page's `source_numbers`.
    """
    numbers = context.get("source_numbers", {})
    refs = sorted(
        {(numbers[c.source_id], c.source) for c in record.citations.all() if c.source_id in numbers},
        key=lambda ref: ref[0],
    )
    return {"refs": refs}


@register.filter
def event_date(event) -> str:
    """An event's date as written: "24.09.2019", "März 2017", or "2016 – 2017" for a span.

    Unlike `period`, a start without an end is the day itself, not "seit …".
    """
    if event.end is None:
        return str(event.start) if event.start else ""
    return format_period(event.start, event.end)


@register.filter
def position_date(position) -> str:
    """ "seit 2016", "2012 – 2019", or "belegt: März 2017" when only a source's date is known."""
    if position.period:
        return position.period
    if position.attested:
        return gettext("belegt: %(date)s") % {"date": position.attested}
    return ""

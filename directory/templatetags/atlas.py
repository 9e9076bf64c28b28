"""Small template helpers for the public pages. None of them queries the database; one reads
and writes the cache (cached_fragment)."""

from django import template

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
        return f"belegt: {position.attested}"
    return ""


@register.tag("cached_fragment")
def cached_fragment(parser, token):
    """{% cached_fragment part %}…{% endcached_fragment %}: the cached HTML of `part` (a
    directory.fragments.Fragment the view looked up), or the block rendered and stored there.

    Without `part` in the context (or when it is None) the block is simply rendered. The view
    skips its queries on a hit, so on a hit the block's variables are not there to render.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_fragment takes one argument, the fragment")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        fragment = self.fragment.resolve(context, ignore_failures=True)
        if fragment is None:
            return self.nodelist.render(context)
        if fragment.html is not None:
            return fragment.html
        html = self.nodelist.render(context)
        fragment.store(html)
        return html

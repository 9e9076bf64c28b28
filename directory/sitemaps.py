"""sitemap.xml: every public page, through django.contrib.sitemaps.

The sitemap index (/sitemap.xml) lists one sitemap per section, and a section larger than
`limit` is split into pages (?p=2), so 100k firms need no single huge file. Every page is
listed in both languages. Private people are
filtered out in the query, as everywhere public.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from directory.models import Organisation, Person, Source
from events.models import Event, EventSeries

# Small pages keep each response quick at 100k firms; search engines read the index.
PAGE_LIMIT = 5000


class BothLanguages(Sitemap):
    """Each page in German (unprefixed) and English (/en/), each entry naming the other as its
    alternate (hreflang), as the pages' own <link rel=alternate> do."""

    i18n = True
    alternates = True
    x_default = True


class DatedSitemap(BothLanguages):
    """A section whose rows know when they changed; the index asks the database for the latest
    change (Django's default reads every row of the section to find it)."""

    limit = PAGE_LIMIT

    def lastmod(self, row):
        return row.updated

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated"))["latest"]


class PageSitemap(BothLanguages):
    """The fixed pages: home, the lists, the accessibility statement."""

    changefreq = "daily"

    def items(self):
        return [
            "directory:home",
            "directory:firm-list",
            "directory:organisation-list",
            "directory:network-list",
            "directory:competence-list",
            "directory:source-list",
            "events:event-list",
            "accessibility",
            "directory:graph",
            "directory:privacy",
            "directory:imprint",
        ]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(DatedSitemap):
    """Every organisation but the networks (their own section), by id so pages stay stable."""

    changefreq = "weekly"

    def items(self):
        return (
            Organisation.objects.exclude(kind=Organisation.Kind.NETWORK).only("slug", "kind", "updated").order_by("pk")
        )


class NetworkSitemap(OrganisationSitemap):
    def items(self):
        return Organisation.objects.networks().only("slug", "kind", "updated").order_by("pk")


class PersonSitemap(DatedSitemap):
    def items(self):
        return Person.objects.public().only("slug", "updated").order_by("pk")


class EventSitemap(DatedSitemap):
    def items(self):
        return Event.objects.only("slug", "updated").order_by("pk")


class SeriesSitemap(BothLanguages):
    def items(self):
        return EventSeries.objects.only("slug").order_by("pk")


class SourceSitemap(BothLanguages):
    limit = PAGE_LIMIT

    def items(self):
        return Source.objects.only("slug").order_by("pk")


SITEMAPS = {
    "seiten": PageSitemap,
    "netzwerke": NetworkSitemap,
    "organisationen": OrganisationSitemap,
    "personen": PersonSitemap,
    "veranstaltungen": EventSitemap,
    "reihen": SeriesSitemap,
    "quellen": SourceSitemap,
}

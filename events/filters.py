"""The event list's filters and the counts shown next to each choice.

Each facet's counts are taken over the events the *other* filters leave, so a count says how
many events a click on that choice would show.
"""

from collections import Counter

import django_filters
from django import forms
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Region
from events.models import Event, Participation, Topic
from netzwerk.lib import cache, caching

EVENT_CACHE_PREFIX = "event-list"

# How many networks the network facet offers (the chosen one is always among them).
FACET_CHOICES = 20


class YearFilter(django_filters.NumberFilter):
    # A whole year; the default decimal field would hand the year lookup a Decimal.
    field_class = forms.IntegerField


class EventFilter(django_filters.FilterSet):
    netzwerk = django_filters.ModelChoiceFilter(
        label=_("Netzwerk"),
        queryset=Organisation.objects.networks(),
        to_field_name="slug",
        method="filter_network",
        error_messages={"invalid_choice": _("Dieses Netzwerk gibt es nicht.")},
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"),
        field_name="kind",
        lookup_expr="exact",
        choices=Event.Kind.choices,
        error_messages={"invalid_choice": _("Diese Art von Veranstaltung gibt es nicht.")},
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="topics",
        lookup_expr="exact",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Dieses Thema gibt es nicht.")},
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        error_messages={"invalid_choice": _("Diese Region gibt es nicht.")},
    )
    jahr = YearFilter(
        label=_("Jahr"),
        field_name="start_date",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        error_messages={
            "invalid": _("Bitte ein Jahr angeben, zum Beispiel 2019."),
            "min_value": _("Bitte ein Jahr zwischen 1900 und 2200 angeben."),
            "max_value": _("Bitte ein Jahr zwischen 1900 und 2200 angeben."),
        },
    )

    class Meta:
        model = Event
        fields = []

    def filter_network(self, queryset, name, value):
        return queryset.involving(value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__in=Region.objects.within(value))

    @property
    def messages(self) -> list[str]:
        """The form's errors as sentences for the page ("Dieses Thema gibt es nicht.")."""
        self.errors  # noqa: B018 (validates the form)
        return [message for errors in self.form.errors.values() for message in errors]

    def without(self, facet: str):
        """The queryset filtered by every valid filter except `facet`."""
        self.errors  # noqa: B018 (validates the form)
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != facet:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected(self, facet: str) -> str:
        """The facet's value as given, if it was valid, for marking the chosen link."""
        self.errors  # noqa: B018 (validates the form)
        if self.form.cleaned_data.get(facet) in (None, ""):
            return ""
        return str(self.data.get(facet, ""))

    def cache_key(self, name: str) -> tuple:
        """The key parts of one cached result (`name`: "count", "facets") under the valid
        filters' values. Every filter counts, as the facets mark the chosen ones."""
        # The language too: the cached facets carry labels in the language they were made in.
        return (
            name,
            get_language() or "",
            *(f"{filter_name}={self.selected(filter_name)}" for filter_name in sorted(self.filters)),
        )

    def cached(self, version, name: str, compute):
        """compute(), or its result cached under the filters while the tables the event list
        reads are unchanged (netzwerk/lib/cache.py; `version`: the versions the view read,
        None: not cached)."""
        if version is None:
            return compute()
        return cache.cached(
            EVENT_CACHE_PREFIX, self.cache_key(name), compute, tables=caching.EVENT_LIST, versions=version
        )

    def facets(self) -> dict[str, list[dict]]:
        """Each filter's choices with counts, in the option shape of netzwerk/lib/facets.py:
        {"name": [{"slug", "name", "count"}, …]}.

        Five queries, one per facet, whatever the number of events.
        """
        facets = {}

        # Events per network among its participations; a network counts an event once.
        networks = (
            Participation.objects.filter(
                event__in=self.without("netzwerk").values("pk"),
                organisation__kind=Organisation.Kind.NETWORK,
            )
            .values("organisation__slug", "organisation__name", "organisation__short_name")
            .annotate(count=Count("event", distinct=True))
            .order_by("organisation__name")
        )
        # Hundreds of networks would bury the list: the ones with most events, and the chosen one.
        chosen = self.selected("netzwerk")
        facets["netzwerk"] = [
            {
                "slug": row["organisation__slug"],
                "name": row["organisation__short_name"] or row["organisation__name"],
                "count": row["count"],
            }
            for rank, row in enumerate(sorted(networks, key=lambda row: -row["count"]))
            if rank < FACET_CHOICES or row["organisation__slug"] == chosen
        ]

        kinds = {kind: str(label) for kind, label in Event.Kind.choices}
        by_kind = dict(self.without("art").order_by().values_list("kind").annotate(count=Count("pk")))
        facets["art"] = [
            {"slug": kind, "name": label, "count": by_kind[kind]} for kind, label in kinds.items() if by_kind.get(kind)
        ]

        topics = (
            self.without("thema")
            .filter(topics__isnull=False)
            .order_by()
            .values("topics__slug", "topics__name")
            .annotate(count=Count("pk", distinct=True))
            .order_by("topics__name")
        )
        facets["thema"] = [
            {"slug": row["topics__slug"], "name": row["topics__name"], "count": row["count"]} for row in topics
        ]

        # One row per place an event is in; each counts for the place and the places above it.
        rows = (
            self.without("region")
            .filter(region__isnull=False)
            .order_by()
            .values(
                "region__slug",
                "region__name",
                "region__kind",
                "region__parent__slug",
                "region__parent__name",
                "region__parent__kind",
                "region__parent__parent__slug",
                "region__parent__parent__name",
                "region__parent__parent__kind",
            )
            .annotate(count=Count("pk"))
        )
        counts, labels = Counter(), {}
        for row in rows:
            for prefix in ("region__", "region__parent__", "region__parent__parent__"):
                if row[prefix + "slug"]:
                    counts[row[prefix + "slug"]] += row["count"]
                    labels[row[prefix + "slug"]] = (row[prefix + "name"], row[prefix + "kind"])
        # States first, then the rest by name, so the tree's top reads first. Municipalities
        # (a thousand of them) only when chosen, as in the directory; the filter takes any.
        chosen = self.selected("region")
        facets["region"] = sorted(
            (
                {
                    "slug": slug,
                    "name": labels[slug][0],
                    "count": count,
                    "is_state": labels[slug][1] == Region.Kind.STATE,
                }
                for slug, count in counts.items()
                if labels[slug][1] != Region.Kind.MUNICIPALITY or slug == chosen
            ),
            key=lambda facet: (not facet["is_state"], facet["name"]),
        )

        years = (
            self.without("jahr")
            .order_by()
            .annotate(year=ExtractYear("start_date"))
            .values_list("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        facets["jahr"] = [{"slug": str(year), "name": str(year), "count": count} for year, count in years]
        return facets

"""The directory's FilterSet and its facet counts, usable on any organisation queryset.

A network's member list builds `OrganisationFilter(request.GET, queryset=members)` and calls
`facet_counts(filterset)` just as the directory does.

Semantics worth knowing:
- `kompetenz` is repeatable and means ALL of the selected competences (a buyer narrows down);
  a field (Zerspanung) includes its competences (Drehen, Fräsen).
- `region` includes everything below it; `netzwerk` means current members, or members on the
  day `stand` names.
- A bad value (unknown slug, malformed date, radius out of range) leaves that filter out; the
  form's errors say so in German, and the page shows them.

On PostgreSQL the filters read the facet keys that directory/search.py stores on each
organisation (migration 0013: regions with their parents, competences with their fields,
sectors, current networks) through GIN indexes instead of joining the link tables, and
one_pass() takes the count, the page and every facet from one statement. `stand=` (a past day)
and SQLite keep the joins.
"""

import math
from typing import NamedTuple

import django_filters
from django import forms
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
)
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from directory import caching, places, search
from directory.models import (
    Competence,
    Membership,
    Organisation,
    PostalCode,
    Region,
    Sector,
)
from directory.models.vocabulary import localised_name
from netzwerk.lib import cache
from netzwerk.lib.facets import Facet, estimated_rows, one_pass

KM_PER_DEGREE = 111.2
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1, 200, 25
TOP_OPTIONS = 20
RADIUS_RANGE = format_lazy(
    _("Der Umkreis liegt zwischen {min} und {max} km; gesucht wird im Umkreis von 25 km."),
    min=MIN_RADIUS_KM,
    max=MAX_RADIUS_KM,
)


def uses_keys() -> bool:
    """Whether the facet keys exist (PostgreSQL, migration 0013)."""
    return connection.vendor == "postgresql"


class KeyColumn(Expression):
    """A facet key column of the organisation table (not on the model: see migration 0013),
    qualified with the query's alias for the table, so it stays right inside subqueries."""

    def __init__(self, column: str, output_field=None):
        super().__init__(output_field=output_field or BooleanField())
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


class KeysContain(Expression):
    """`column @> ARRAY[ids]`: the organisation has every one of the keys (a GIN index each)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, ids):
        super().__init__()
        self.column = column
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.{self.column} @> %s::integer[]", [self.ids]


class CurrentMemberOf(Expression):
    """A current member of the network (today), from the keys where they hold today, from the
    memberships where they may not (facet_networks_until has come: the nightly
    refresh_facet_keys has not run yet). Either side is indexed, so a stale day is slower,
    never wrong."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, network_id: int, day):
        super().__init__()
        self.network_id, self.day = int(network_id), day

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        sql = (
            f"(({alias}.facet_networks @> ARRAY[%s]::integer[] AND {alias}.facet_networks_until > %s)"
            f" OR ({alias}.facet_networks_until <= %s AND EXISTS (SELECT 1 FROM directory_membership fm"
            f" WHERE fm.organisation_id = {alias}.id AND fm.network_id = %s"
            " AND (fm.start_date IS NULL OR fm.start_date <= %s) AND (fm.end_date IS NULL OR fm.end_date >= %s))))"
        )
        return sql, [self.network_id, self.day, self.day, self.network_id, self.day, self.day]


class DirectoryForm(forms.Form):
    def clean_plz(self):
        code = (self.cleaned_data.get("plz") or "").strip()
        if not code:
            return None
        if not (len(code) == 5 and code.isdigit()):
            raise forms.ValidationError(gettext("Eine Postleitzahl hat fünf Ziffern."))
        centre = (
            PostalCode.objects.filter(code=code, latitude__isnull=False).values_list("latitude", "longitude").first()
        )
        if centre is None:
            raise forms.ValidationError(gettext("Die Postleitzahl %(code)s kennen wir nicht.") % {"code": code})
        return {"code": code, "latitude": centre[0], "longitude": centre[1]}


def _invalid(message: str) -> dict:
    """`message` names the value as %(value)s; the pk message is the same with %(pk)s."""
    return {"invalid_choice": message, "invalid_pk_value": lazy_replace(message, "%(value)s", "%(pk)s")}


def _replace(message, old: str, new: str) -> str:
    return str(message).replace(old, new)


lazy_replace = lazy(_replace, str)


def distance_squared(lat0: float, lon0: float, prefix: str = ""):
    """The squared equirectangular distance in degrees of latitude, as SQL over `latitude`
    and `longitude` (the numbers are floats, formatted here, not user text)."""
    cos0 = math.cos(math.radians(lat0))
    return f"(({prefix}latitude - {float(lat0)!r}) ^ 2 + (({prefix}longitude - {float(lon0)!r}) * {cos0!r}) ^ 2)"


def distance_km(lat0: float, lon0: float, lat: float | None, lon: float | None) -> float | None:
    if lat is None or lon is None:
        return None
    dy, dx = lat - lat0, (lon - lon0) * math.cos(math.radians(lat0))
    return math.sqrt(dy * dy + dx * dx) * KM_PER_DEGREE


def within_radius(queryset, lat0: float, lon0: float, radius: float):
    """The organisations within `radius` km of the point."""
    dlat = radius / KM_PER_DEGREE
    cos0 = math.cos(math.radians(lat0))
    dlon = dlat / max(cos0, 0.01)
    # The bounding box narrows by index-friendly ranges; then the equirectangular distance,
    # squared so it needs no sqrt or cos in SQL (SQLite has neither for certain).
    queryset = queryset.filter(latitude__range=(lat0 - dlat, lat0 + dlat), longitude__range=(lon0 - dlon, lon0 + dlon))
    dy = F("latitude") - lat0
    dx = (F("longitude") - lon0) * cos0
    return queryset.alias(degrees_squared=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField())).filter(
        degrees_squared__lte=dlat * dlat
    )


class OrganisationFilter(django_filters.FilterSet):
    kompetenz = django_filters.ModelMultipleChoiceFilter(
        label=_("Kompetenz"),
        field_name="competences",
        to_field_name="slug",
        queryset=Competence.objects.all(),
        method="filter_competences",
        error_messages=_invalid(_("Die Kompetenz „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    branche = django_filters.ModelChoiceFilter(
        label=_("Branche"),
        field_name="sectors",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        method="filter_sector",
        error_messages=_invalid(_("Die Branche „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.all(),
        method="filter_region",
        error_messages=_invalid(_("Die Region „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    netzwerk = django_filters.ModelChoiceFilter(
        label=_("Netzwerk"),
        field_name="memberships__network",
        to_field_name="slug",
        queryset=Organisation.objects.networks(),
        method="filter_network",
        error_messages=_invalid(_("Das Netzwerk „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    stand = django_filters.DateFilter(
        label=_("Stand"),
        method="filter_nothing",
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "invalid": _("Das Datum bei „Stand“ ist ungültig (Beispiel: 2019-09-24); gezeigt wird der heutige Stand.")
        },
    )
    groesse = django_filters.ChoiceFilter(
        label=_("Größe"),
        field_name="employees",
        lookup_expr="exact",
        choices=Organisation.EmployeeBand.choices,
        error_messages={"invalid_choice": _("Diese Größenklasse gibt es nicht; dieser Filter bleibt weg.")},
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"),
        field_name="kind",
        lookup_expr="exact",
        choices=Organisation.Kind.choices,
        error_messages={"invalid_choice": _("Diese Art gibt es nicht; dieser Filter bleibt weg.")},
    )
    plz = django_filters.CharFilter(label=_("PLZ"), method="filter_radius", max_length=5)
    umkreis = django_filters.NumberFilter(
        label=_("Umkreis (km)"),
        method="filter_nothing",
        min_value=MIN_RADIUS_KM,
        max_value=MAX_RADIUS_KM,
        error_messages={
            "invalid": _("Der Umkreis ist keine Zahl; gesucht wird im Umkreis von 25 km."),
            "min_value": RADIUS_RANGE,
            "max_value": RADIUS_RANGE,
            "max_digits": _("Der Umkreis ist zu lang; gesucht wird im Umkreis von 25 km."),
            "max_decimal_places": _("Der Umkreis ist zu genau; gesucht wird im Umkreis von 25 km."),
            "max_whole_digits": _("Der Umkreis ist zu groß; gesucht wird im Umkreis von 25 km."),
        },
    )
    # Free text comes last, so its "did the exact search find enough?" probe sees the others.
    q = django_filters.CharFilter(label=_("Suche"), method="filter_text")
    # The municipality chosen among several of the name the text names (directory/places.py).
    ort = django_filters.CharFilter(label=_("Ort"), method="filter_nothing", max_length=150)

    class Meta:
        model = Organisation
        fields = []
        form = DirectoryForm

    # Facets whose options are single choices: counted with every filter but their own.
    SINGLE_FACETS = ("branche", "region", "netzwerk", "groesse", "art")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed = search.parse_query(self.data.get("q") if self.data else "")
        # The place the text names (directory/places.py), once the form is valid; None without.
        self.place = None
        self._place_read = "q" not in self.filters

    # Filter methods ----------------------------------------------------------------------

    def filter_nothing(self, queryset, name, value):
        # Read by another filter (stand by netzwerk, umkreis by plz).
        return queryset

    def filter_competences(self, queryset, name, competences):
        if uses_keys():
            # The keys hold each competence's field too: ALL of them is one containment.
            return (
                queryset.filter(KeysContain("facet_competences", [c.pk for c in competences]))
                if competences
                else queryset
            )
        through = Organisation.competences.through
        for competence in competences:
            # One EXISTS each: ALL of them, no duplicate rows, and a field counts its children.
            # The competence's ids as a subquery rather than an OR over a join to competences,
            # which PostgreSQL could only answer row by row.
            ids = Competence.objects.filter(Q(pk=competence.pk) | Q(parent=competence.pk)).values("pk")
            queryset = queryset.filter(Exists(through.objects.filter(organisation=OuterRef("pk"), competence__in=ids)))
        return queryset

    # `name` is the filter's field_name; condition() takes the filter's own name.
    def filter_sector(self, queryset, name, sector):
        return queryset.filter(self.condition("branche", sector))

    def filter_region(self, queryset, name, region):
        return queryset.filter(self.condition("region", region))

    def membership_day(self):
        return self.form.cleaned_data.get("stand") or timezone.localdate()

    def filter_network(self, queryset, name, network):
        return queryset.filter(self.condition("netzwerk", network))

    def condition(self, name: str, value):
        """The filter `name` with `value` as a boolean expression over organisations: what the
        filter methods filter by, and one_pass()'s columns for the single-choice facets."""
        if name == "branche":
            return KeysContain("facet_sectors", [value.pk]) if uses_keys() else Q(sectors=value)
        if name == "region":
            if uses_keys():
                return KeysContain("facet_regions", [value.pk])
            return Q(region__in=Region.objects.within(value))
        if name == "netzwerk":
            stand = self.form.cleaned_data.get("stand")
            if uses_keys() and not stand:
                return CurrentMemberOf(value.pk, timezone.localdate())
            return Exists(
                Membership.objects.as_of(stand or timezone.localdate()).filter(
                    network=value, organisation=OuterRef("pk")
                )
            )
        if name == "groesse":
            return Q(employees=value)
        if name == "art":
            return Q(kind=value)
        raise KeyError(name)

    def filter_radius(self, queryset, name, centre):
        if not centre:
            return queryset
        radius = float(self.form.cleaned_data.get("umkreis") or DEFAULT_RADIUS_KM)
        return within_radius(queryset, centre["latitude"], centre["longitude"], radius)

    def filter_text(self, queryset, name, value):
        place = self.place
        if place is not None and not place.choices:
            if place.is_radius:
                queryset = within_radius(queryset, place.latitude, place.longitude, place.radius_km)
            else:
                queryset = queryset.filter(self.condition("region", place.region))
        # The query's words are corrected once (one query), whatever the number of querysets.
        return search.search(queryset, self.parsed) if self.parsed else queryset

    def read_place(self):
        """Recognise the place in the text (directory/places.py) and take its words out of
        the text search. Once, after the form is valid."""
        if self._place_read:
            return
        self._place_read = True
        if not self.parsed or "q" in self.form.errors:
            return
        data = getattr(self.form, "cleaned_data", {})
        self.place = places.recognise(
            self.parsed.tokens,
            chosen=data.get("ort") or "",
            radius_km=data.get("umkreis"),
        )
        if self.place is not None and not self.place.choices:
            taken = set(self.place.words)
            self.parsed.tokens = [t for t in self.parsed.tokens if t not in taken]

    def centre(self):
        """(latitude, longitude) of a radius search (the place in the text, else the postcode),
        or None."""
        self.is_valid()
        if self.place is not None and self.place.is_radius:
            return self.place.latitude, self.place.longitude
        code = self.form.cleaned_data.get("plz") if "plz" in self.filters else None
        return (code["latitude"], code["longitude"]) if code else None

    # Helpers for views ---------------------------------------------------------------------

    def value(self, name):
        """The cleaned value of one filter, or None when absent or invalid."""
        self.is_valid()
        return self.form.cleaned_data.get(name)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if "q" in self.form.errors and self.parsed:
            # Text the form refuses (a null character) searches for nothing, as any bad filter
            # is left out; the form's message says why.
            self.parsed = search.ParsedQuery()
        self.read_place()
        return valid

    def error_messages(self) -> list[str]:
        self.is_valid()
        messages = [message for errors in self.form.errors.values() for message in errors]
        if self.parsed.notice:
            messages.append(self.parsed.notice)
        return messages

    def filtered_except(self, skip: str | None | set):
        """The queryset with every valid filter applied except `skip` (a name or a set)."""
        self.is_valid()
        skipped = skip if isinstance(skip, set) else {skip}
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name in skipped:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active(self) -> list[str]:
        """Names of the filters that take effect."""
        self.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
            if name in ("stand", "umkreis", "ort"):
                continue
            if name == "q":
                if self.parsed or (self.place is not None and not self.place.choices):
                    active.append(name)
            elif value not in (None, "", []) and (not hasattr(value, "exists") or list(value)):
                active.append(name)
        return active


class FirmFilter(OrganisationFilter):
    """/firmen/: every filter but the kind, which is fixed."""

    art = None
    SINGLE_FACETS = ("branche", "region", "netzwerk", "groesse")


class MemberFilter(OrganisationFilter):
    """A network's member list: its members on a day (`stand`, today without one), or with
    `past` those whose membership had ended by then, by competence and region.

    The members come from the FilterSet itself, once its form has read the day, so the view
    builds it once with the network (no queryset set after the fact).
    """

    branche = netzwerk = groesse = art = plz = umkreis = q = ort = None
    SINGLE_FACETS = ("region",)

    def __init__(self, data=None, *, network, past: bool = False, **kwargs):
        self.network, self.past = network, past
        super().__init__(data, queryset=Organisation.objects.all(), **kwargs)

    def memberships(self):
        """The network's memberships listed on the day: current then, or ended by then."""
        self.is_valid()
        day = self.membership_day()
        memberships = Membership.objects.filter(network=self.network)
        return memberships.ended(day) if self.past else memberships.as_of(day)

    def members(self, queryset):
        return queryset.filter(Exists(self.memberships().filter(organisation=OuterRef("pk"))))

    def filter_queryset(self, queryset):
        return super().filter_queryset(self.members(queryset))

    def filtered_except(self, skip):
        return self.members(super().filtered_except(skip))


# Facet counts ----------------------------------------------------------------------------
#
# Each facet is one grouped query over the filtered organisations (the filtered id list as a
# subquery, which the (kind, name, id) index serves without reading the table), and the
# results are cached per facet (netzwerk/lib/cache.py), keyed on the filters that facet sees
# and current while the tables they read (directory.caching.DIRECTORY) keep their versions.

FACET_CACHE_PREFIX = "directory-facets"


def _normalised(value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, dict):  # the postcode centre
        return value.get("code", "")
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ",".join(sorted(str(getattr(v, "pk", v)) for v in value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def cache_key(filterset, facet: str, skip: str | None) -> tuple:
    """The key parts of one facet's counts: the page's base rows, the filters the facet is
    counted under (all but `skip`), the membership day, and the language."""
    base, filters = _key_parts(filterset)
    # The language too: cached options carry names and labels in the language they were made in.
    parts = [base[0], facet, get_language() or "", *base[1:]]
    parts += [f"{name}={value}" for name, value in filters if name != skip]
    return tuple(parts)


def _key_parts(filterset):
    """The parts of every cache key of one filterset, worked out once per request: compiling
    the base queryset's SQL for each of the page's eight or so keys cost more than the
    cached queries saved."""
    parts = getattr(filterset, "_key_parts", None)
    if parts is None:
        filterset.is_valid()
        base = (type(filterset).__name__, str(filterset.queryset.query), filterset.membership_day().isoformat())
        filters = [
            # The text filter searches for the folded tokens, not for what was typed.
            # and the place it names (directory/places.py).
            (name, text_key(filterset) if name == "q" else _normalised(filterset.form.cleaned_data[name]))
            for name in sorted(filterset.form.cleaned_data)
        ]
        parts = filterset._key_parts = (base, filters)
    return parts


def text_key(filterset) -> str:
    place = getattr(filterset, "place", None)
    return " ".join(filterset.parsed.tokens) + (f" @{place.key()}" if place is not None else "")


def cached(version, filterset, name: str, compute):
    """compute(), or its result cached under the filters (netzwerk/lib/cache.py); `version`:
    the versions the view read (None: not cached). For the view's count and page ids, which
    cost as much as a facet on a broad text search."""
    if version is None:
        return compute()
    return cache.cached(
        FACET_CACHE_PREFIX, cache_key(filterset, name, None), compute, tables=caching.DIRECTORY, versions=version
    )


def facet_counts(filterset, version=cache.READ) -> dict:
    """Options with counts for each facet, each counted under the other active filters.

    One query for the versions (none when the caller passes them), then one per facet not in
    the cache; the view documents them. Competences are counted under all filters including the selected competences, since
    selecting one more narrows down (ALL).
    """
    selected = list(filterset.value("kompetenz") or [])
    day = filterset.membership_day()
    computers = {
        "kompetenz": (None, lambda: competence_counts(filterset.filtered_except(None), selected)),
        "branche": ("branche", lambda: sector_counts(filterset.filtered_except("branche"))),
        "region": ("region", lambda: region_counts(filterset.filtered_except("region"))),
        "netzwerk": ("netzwerk", lambda: network_counts(filterset.filtered_except("netzwerk"), day)),
        "groesse": ("groesse", lambda: size_counts(filterset.filtered_except("groesse"))),
        "art": ("art", lambda: kind_counts(filterset.filtered_except("art"))),
    }
    names = [
        name
        for name in computers
        if name in ("kompetenz", "region", "netzwerk", "groesse") or name in filterset.filters
    ]
    # Django's cache backends pickle on set and unpickle on get, so what the view marks as
    # selected never reaches the cached copy: no deepcopy needed on either side.
    return cache.cached_many(
        FACET_CACHE_PREFIX,
        {name: (cache_key(filterset, name, computers[name][0]), computers[name][1]) for name in names},
        tables=caching.DIRECTORY,
        versions=version,
    )


def _ids(queryset):
    return queryset.order_by().values("pk")


def _subquery(queryset):
    sql, params = _ids(queryset).query.sql_with_params()
    return sql, list(params)


def _column_counts(queryset, column: str) -> list[tuple]:
    """(value, count) of one organisation column over the filtered rows, grouped in SQL.

    Groups the filtered query itself rather than joining its ids back to the table."""
    sql, params = queryset.order_by().values(column).query.sql_with_params()
    return _fetch(f"SELECT s.{column}, COUNT(*) FROM ({sql}) s GROUP BY 1", list(params))


def competence_counts(queryset, selected) -> list[dict]:
    """Top competences with the number of organisations having each or one of its children.

    One query. A competence counts its links (one per organisation); a field counts the
    distinct organisations linked to it or to any of its competences (the tree is two levels
    deep), so the counts are exact and equal to what the filter finds.
    """
    sql, params = _subquery(queryset)
    rows = _fetch(
        f"""
        WITH links AS (
            SELECT oc.organisation_id AS org, oc.competence_id AS cid, c.parent_id AS pid
            FROM directory_organisation_competences oc
            JOIN directory_competence c ON c.id = oc.competence_id
            WHERE oc.organisation_id IN ({sql})
        ),
        counts AS (
            SELECT cid AS id, COUNT(*) AS n FROM links WHERE pid IS NOT NULL GROUP BY cid
            UNION ALL
            SELECT field, COUNT(*) FROM (SELECT DISTINCT org, COALESCE(pid, cid) AS field FROM links) f
            GROUP BY field
        )
        SELECT c.slug, c.name, c.name_en, c.parent_id IS NULL AS is_field, counts.n
        FROM counts JOIN directory_competence c ON c.id = counts.id
        ORDER BY counts.n DESC, c.name
        LIMIT {TOP_OPTIONS + len(selected)}
        """,
        params,
    )
    return _competence_options(rows, selected)


def _competence_options(rows, selected) -> list[dict]:
    """The selected competences first (with their counts, or None outside the top rows),
    then the top others; rows are (slug, name, name_en, is_field, count), most first."""
    selected_slugs = {c.slug for c in selected}
    options = [
        {
            "slug": slug,
            "name": localised_name(name, name_en),
            "is_field": bool(is_field),
            "count": n,
            "selected": slug in selected_slugs,
        }
        for slug, name, name_en, is_field, n in rows
    ]
    shown = [o for o in options if not o["selected"]][:TOP_OPTIONS]
    chosen = [o for o in options if o["selected"]]
    # A selected competence outside the top rows still shows, with its count.
    missing = selected_slugs - {o["slug"] for o in chosen}
    chosen += [
        {"slug": c.slug, "name": c.display_name, "is_field": c.parent_id is None, "count": None, "selected": True}
        for c in selected
        if c.slug in missing
    ]
    return chosen + shown


def region_counts(queryset) -> list[dict]:
    """States and districts (with independent cities), each counting everything below it.

    One query: the organisations counted per region (one pass), each count returned with the
    region's two ancestors, and rolled up the tree here. Every organisation has one region, so
    the sums count organisations.
    """
    sql, params = queryset.order_by().values("region_id").query.sql_with_params()
    rows = _fetch(
        f"""
        WITH per_region AS (
            SELECT s.region_id, COUNT(*) AS n FROM ({sql}) s
            WHERE s.region_id IS NOT NULL GROUP BY s.region_id
        )
        SELECT pr.n,
            r.id, r.slug, r.name, r.kind,
            p.id, p.slug, p.name, p.kind,
            pp.id, pp.slug, pp.name, pp.kind
        FROM per_region pr
        JOIN directory_region r ON r.id = pr.region_id
        LEFT JOIN directory_region p ON p.id = r.parent_id
        LEFT JOIN directory_region pp ON pp.id = p.parent_id
        """,
        list(params),
    )
    totals: dict[int, list] = {}
    for row in rows:
        n = row[0]
        for offset in (1, 5, 9):
            pk, slug, name, kind = row[offset : offset + 4]
            if pk is None or kind not in ("state", "district", "city"):
                continue
            # The parent's slug (the next level of the row), so a district sits under its state.
            parent = row[offset + 5] if offset < 9 else None
            entry = totals.setdefault(pk, [slug, name, kind, parent, 0])
            entry[4] += n
    return _region_options(totals.values())


def _region_options(totals) -> list[dict]:
    """Each state followed by its top districts and cities (the template indents those under
    the state above them, so a Saxon district listed after Thüringen would read as
    Thuringian); totals are (slug, name, kind, parent slug, count)."""
    ordered = sorted(totals, key=lambda e: (e[2] != "state", -e[4], e[1]))
    states = [e for e in ordered if e[2] == "state"]
    districts = [e for e in ordered if e[2] != "state"][:TOP_OPTIONS]
    under: dict = {}
    for entry in districts:
        under.setdefault(entry[3], []).append(entry)
    placed = []
    for state in states:
        placed.append(state)
        placed += under.pop(state[0], [])
    # A district whose state is not among the options (cannot happen with counts rolled up)
    # is left out rather than shown under a stranger.
    return [
        {"slug": slug, "name": name, "is_state": kind == "state", "parent": parent, "count": int(n)}
        for slug, name, kind, parent, n in placed
    ]


def sector_counts(queryset) -> list[dict]:
    """Top sectors by the number of filtered organisations in each (one grouped query)."""
    sql, params = _subquery(queryset)
    rows = _fetch(
        f"""
        SELECT s.slug, s.name, s.name_en, counts.n FROM (
            SELECT os.sector_id, COUNT(*) AS n FROM directory_organisation_sectors os
            WHERE os.organisation_id IN ({sql}) GROUP BY os.sector_id
        ) counts JOIN directory_sector s ON s.id = counts.sector_id
        ORDER BY counts.n DESC, s.name
        LIMIT {TOP_OPTIONS}
        """,
        params,
    )
    return [{"slug": slug, "name": localised_name(name, name_en), "count": n} for slug, name, name_en, n in rows]


def network_counts(queryset, day) -> list[dict]:
    """Top networks by the filtered organisations that are members on `day`, each once even
    with two memberships (one grouped query)."""
    members = (
        Membership.objects.as_of(day)
        .filter(organisation__in=_ids(queryset))
        .order_by()
        .values("network_id", "organisation_id")
        .distinct()
    )
    sql, params = members.query.sql_with_params()
    rows = _fetch(
        f"""
        SELECT n.slug, n.name, counts.n FROM (
            SELECT m.network_id, COUNT(*) AS n FROM ({sql}) m GROUP BY m.network_id
        ) counts JOIN directory_organisation n ON n.id = counts.network_id
        ORDER BY counts.n DESC, n.name
        LIMIT {TOP_OPTIONS}
        """,
        list(params),
    )
    return [{"slug": slug, "name": name, "count": n} for slug, name, n in rows]


def size_counts(queryset) -> list[dict]:
    return _size_options(_column_counts(queryset, "employees"))


def _size_options(rows) -> list[dict]:
    labels = {value: str(label) for value, label in Organisation.EmployeeBand.choices}
    order = list(labels)
    rows = [(value, n) for value, n in rows if value]
    return sorted(
        ({"slug": value, "name": labels.get(value, value), "count": n} for value, n in rows),
        key=lambda row: order.index(row["slug"]) if row["slug"] in order else 99,
    )


def kind_counts(queryset) -> list[dict]:
    return _kind_options(_column_counts(queryset, "kind"))


def _kind_options(rows) -> list[dict]:
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    rows = sorted(rows, key=lambda row: -row[1])
    return [{"slug": kind, "name": kinds.get(kind, kind), "count": n} for kind, n in rows]


def _fetch(sql, params):
    # From the database the versions come from (a replica too): netzwerk/lib/cache.py.
    with cache.read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# One pass (PostgreSQL) -------------------------------------------------------------------
#
# The rows under the filters every facet shares (text, competences, radius) are computed once,
# with each single-choice filter (sector, region, network, size, kind) as a boolean column;
# the count, the page and each facet (under every filter but its own) come from them in one
# statement (netzwerk.lib.facets.one_pass). The facet keys replace the joins to the link
# tables; `stand=` counts the networks of that day from the memberships.

# A relevance search expected to match more rows than BROAD_ROWS is answered from a sample of
# the table's pages (TABLESAMPLE SYSTEM) of about SAMPLE_ROWS matches: the count and the facets
# scaled up and shown as estimates ("ca."), the page the best-ranked of the sample. Counting
# and ranking every match of a word that 38% of 100k firms share took 0.5-3 s, and such a list
# is narrowed, not read to its end; the page says so. REPEATABLE: the same sample each time,
# so paging is stable.
BROAD_ROWS = 10_000
SAMPLE_ROWS = 4_000
_TABLE_SCAN = 'FROM "directory_organisation" WHERE'


def about(n: float) -> int:
    """An estimate rounded to two significant digits (38,412 -> 38,000)."""
    n = int(round(n))
    if n < 100:
        return n
    return int(round(n, 2 - len(str(n))))


PAGE_ORDER = {
    "relevanz": "rank DESC, name, id",
    "name": "name, id",
    "neueste": "created DESC, id DESC",
}

_KEY_COLUMNS = ("facet_regions", "facet_competences", "facet_sectors", "facet_networks", "facet_networks_until")

_COMPETENCE_FACET = """
SELECT c.slug, c.name, c.name_en, (c.parent_id IS NULL)::text, k.n FROM (
    SELECT key, count(*) AS n FROM (SELECT unnest(rows.facet_competences) AS key FROM rows WHERE {where}) u GROUP BY key
) k JOIN directory_competence c ON c.id = k.key
ORDER BY k.n DESC, c.name LIMIT %s
"""
_SECTOR_FACET = """
SELECT s.slug, s.name, s.name_en, NULL, k.n FROM (
    SELECT key, count(*) AS n FROM (SELECT unnest(rows.facet_sectors) AS key FROM rows WHERE {where}) u GROUP BY key
) k JOIN directory_sector s ON s.id = k.key
ORDER BY k.n DESC, s.name LIMIT %s
"""
# States, districts and independent cities (a municipality only counts towards them). The keys
# are unnested in the select list (one ProjectSet), about twice as fast as a lateral unnest.
# The third column carries the parent's slug (districts sit under their state).
_REGION_FACET = """
SELECT r.slug, r.name, p.slug, r.kind, k.n FROM (
    SELECT key, count(*) AS n FROM (SELECT unnest(rows.facet_regions) AS key FROM rows WHERE {where}) u GROUP BY key
) k JOIN directory_region r ON r.id = k.key AND r.kind IN ('state', 'district', 'city')
LEFT JOIN directory_region p ON p.id = r.parent_id
"""
# Another day's networks come from the memberships, joined (a hash join over them all), not
# looked up row by row (a subquery per organisation: 100k index scans, 0.7 s at 100k firms).
# One row per organisation and network.
_MEMBERS_ON_DAY = """
    SELECT m.network_id AS key FROM rows JOIN directory_membership m ON m.organisation_id = rows.id
    WHERE {where} AND (m.start_date IS NULL OR m.start_date <= %s) AND (m.end_date IS NULL OR m.end_date >= %s)
    GROUP BY rows.id, m.network_id
"""
# Today's networks from the keys where they hold, from the memberships where they have run out
# (the nightly refresh not yet run).
_MEMBERS_TODAY = (
    "SELECT unnest(rows.facet_networks) AS key FROM rows WHERE {where} AND rows.facet_networks_until > %s"
    " UNION ALL"
    + _MEMBERS_ON_DAY.replace("WHERE {where}", "WHERE {where} AND NOT coalesce(rows.facet_networks_until > %s, FALSE)")
)
_NETWORK_FACET = """
SELECT n.slug, n.name, NULL, NULL, k.n FROM (
    SELECT key, count(*) AS n FROM ({members}) u GROUP BY key
) k JOIN directory_organisation n ON n.id = k.key
ORDER BY k.n DESC, n.name LIMIT %s
"""
_COLUMN_FACET = (
    "SELECT {column}, NULL, NULL, NULL, count(*) FROM rows WHERE {{where}} AND {column} <> '' GROUP BY {column}"
)


def one_pass_facets(filterset, sort: str, offset: int, limit: int):
    """(count, page ids, facets) of the directory's FilterSet in one statement (PostgreSQL).

    None when the text search cannot match (a word close to nothing): then nothing is queried.
    """
    filterset.is_valid()
    if filterset.parsed:
        search.correct(filterset.parsed)
        if filterset.parsed.hopeless:
            return None
    single = [name for name in filterset.SINGLE_FACETS if name in filterset.filters]
    shared = filterset.filtered_except(set(single))
    values = filterset.form.cleaned_data
    active = [name for name in single if values.get(name) not in (None, "")]
    # Facets counted under no filter at all come from the kept totals (migration 0014): all of
    # them on the unfiltered list, the one chosen facet's own under a single choice.
    unfiltered = not (set(filterset.active()) - set(single)) and not values.get("stand")
    from_totals = (
        set(single) - set(active)
        if unfiltered and not active
        else (set(active) if unfiltered and len(active) == 1 else set())
    )
    if unfiltered and not active:
        from_totals.add("kompetenz")
    predicates = {
        f"p_{name}": ExpressionWrapper(filterset.condition(name, values[name]), output_field=BooleanField())
        for name in active
    }
    columns = {column: KeyColumn(column) for column in _KEY_COLUMNS}
    fields = ["id", "name", "created", "kind", "employees"]
    centre = filterset.centre() if sort == "entfernung" else None
    if centre:
        fields += ["latitude", "longitude"]
    if filterset.parsed:
        fields.append("rank")
    rows = shared.order_by().values(*fields, **columns, **predicates)
    rows_sql, rows_params = rows.query.sql_with_params()
    percent = None
    if filterset.parsed and sort == "relevanz" and rows_sql.count(_TABLE_SCAN) == 1:
        # query: the planner's estimate of the matches (a plan, nothing executed)
        expected = estimated_rows(rows_sql, rows_params)
        if expected > BROAD_ROWS:
            percent = max(1.0, 100.0 * SAMPLE_ROWS / expected)
            sample = f'FROM "directory_organisation" TABLESAMPLE SYSTEM ({percent:.3f}) REPEATABLE (0) WHERE'
            rows_sql = rows_sql.replace(_TABLE_SCAN, sample)

    day = values.get("stand")
    selected = list(values.get("kompetenz") or [])
    if day:
        members, network_params = _MEMBERS_ON_DAY, [day, day]
    else:
        today = timezone.localdate()
        members, network_params = _MEMBERS_TODAY, [today, today, today, today]
    own = {name: (f"p_{name}" if name in active else None) for name in single}
    facets = [
        Facet("kompetenz", _COMPETENCE_FACET, None, [TOP_OPTIONS + len(selected)]),
        Facet("region", _REGION_FACET, own["region"]),
        Facet("netzwerk", _NETWORK_FACET.format(members=members), own["netzwerk"], [*network_params, TOP_OPTIONS]),
        Facet("groesse", _COLUMN_FACET.format(column="employees"), own["groesse"]),
    ]
    if "branche" in single:
        facets.insert(1, Facet("branche", _SECTOR_FACET, own["branche"], [TOP_OPTIONS]))
    if "art" in single:
        facets.append(Facet("art", _COLUMN_FACET.format(column="kind"), own["art"]))
    scopes = _scopes(filterset)
    if from_totals and not active:
        # The unfiltered list: the totals, and the page from the (kind, name, id) index.
        # (The organisation list's base is every kind; the firm list's, firms.)
        found = facet_totals(scopes, from_totals, len(selected))
        count = sum(n for _, _, _, _, n in found.pop("count", []))
        ordering = ("-created", "-pk") if sort == "neueste" else ("name", "pk")
        ids = list(shared.order_by(*ordering).values_list("pk", flat=True)[offset : offset + limit])
        return Found(count, ids, _options(found, single, selected))
    order_by = f"{distance_squared(*centre)}, name, id" if centre else PAGE_ORDER.get(sort, PAGE_ORDER["name"])
    result = one_pass(
        rows_sql,
        rows_params,
        list(predicates),
        [f for f in facets if f.name not in from_totals],
        order_by=order_by,
        limit=limit,
        offset=offset,
    )
    found = result.facets
    if from_totals:
        found.update(facet_totals(scopes, from_totals, len(selected)))
    if percent is None:
        return Found(result.count, result.ids, _options(found, single, selected))
    scale = 100.0 / percent
    for name, rows_of_facet in found.items():
        found[name] = [(*row[:4], about(row[4] * scale)) for row in rows_of_facet]
    return Found(about(result.count * scale), result.ids, _options(found, single, selected), sampled=result.count)


class Found(NamedTuple):
    """What one_pass_facets() found: the count, the page's ids, the facets; `sampled` is the
    number of rows in the sample when the count and facets are estimates from one (the rows
    there are to page through), else None."""

    count: int
    ids: list
    facets: dict
    sampled: int | None = None


def _scopes(filterset) -> list:
    """The organisation kinds the list's base holds, as the kept totals count them: every kind
    on the organisation list (the one with a kind filter), firms on the firm list."""
    return [k for k, _ in Organisation.Kind.choices] if "art" in filterset.filters else [Organisation.Kind.FIRM]


def count_except(filterset, name: str) -> int:
    """The number of rows under every filter but `name` (an empty result's "without this
    filter: n"). From the kept totals when no other filter is left (PostgreSQL), not a count
    over every organisation."""
    rest = set(filterset.active()) - {name}
    # (A past date, `stand=`, only moves the network filter: the totals hold without it.)
    if not rest and uses_keys() and not isinstance(filterset, MemberFilter):
        return sum(n for _, _, _, _, n in facet_totals(_scopes(filterset), []).get("count", []))
    return filterset.filtered_except(name).count()


def _options(found, single, selected) -> dict:
    options = {
        "kompetenz": _competence_options(
            [(k, n1, n2, e == "true", n) for k, n1, n2, e, n in found.get("kompetenz", [])], selected
        ),
        "region": _region_options([(k, name, kind, parent, n) for k, name, parent, kind, n in found.get("region", [])]),
        "netzwerk": [{"slug": k, "name": name, "count": n} for k, name, _, _, n in found.get("netzwerk", [])],
        "groesse": _size_options([(k, n) for k, _, _, _, n in found.get("groesse", [])]),
    }
    if "branche" in single:
        options["branche"] = [
            {"slug": k, "name": localised_name(name, name_en), "count": n}
            for k, name, name_en, _, n in found.get("branche", [])
        ]
    if "art" in single:
        options["art"] = _kind_options([(k, n) for k, _, _, _, n in found.get("art", [])])
    return options


# The kept totals (migration 0014) in the facets' row shape; the network counts corrected for
# the organisations whose keys have run out (the nightly refresh not yet run), from their
# memberships. One statement.
_TOTALS_SQL = """
WITH totals AS (
    SELECT t.facet, t.key, sum(t.n) AS n FROM directory_facet_total t
    WHERE t.scope = ANY(%(scopes)s) AND t.facet = ANY(%(facets)s) GROUP BY t.facet, t.key
    UNION ALL
    SELECT 'netzwerk', k::text, -count(*) FROM directory_organisation o, unnest(o.facet_networks) k
    WHERE o.facet_networks_until <= %(today)s AND o.kind = ANY(%(scopes)s) AND 'netzwerk' = ANY(%(facets)s) GROUP BY k
    UNION ALL
    SELECT 'netzwerk', m.network_id::text, count(DISTINCT o.id) FROM directory_organisation o
    JOIN directory_membership m ON m.organisation_id = o.id
    WHERE o.facet_networks_until <= %(today)s AND o.kind = ANY(%(scopes)s) AND 'netzwerk' = ANY(%(facets)s)
      AND (m.start_date IS NULL OR m.start_date <= %(today)s) AND (m.end_date IS NULL OR m.end_date >= %(today)s)
    GROUP BY m.network_id

),
summed AS (SELECT facet, key, sum(n) AS n FROM totals GROUP BY facet, key HAVING sum(n) > 0)
SELECT s.facet, s.key, NULL, NULL, NULL, s.n FROM summed s WHERE s.facet IN ('count', 'groesse')
UNION ALL
SELECT 'art', t.scope, NULL, NULL, NULL, t.n FROM directory_facet_total t
WHERE 'art' = ANY(%(facets)s) AND t.scope = ANY(%(scopes)s) AND t.facet = 'count' AND t.key = '' AND t.n > 0
UNION ALL
(SELECT 'kompetenz', c.slug, c.name, c.name_en, (c.parent_id IS NULL)::text, s.n FROM summed s
 JOIN directory_competence c ON s.facet = 'kompetenz' AND c.id = s.key::integer
 ORDER BY s.n DESC, c.name LIMIT %(competences)s)
UNION ALL
(SELECT 'branche', x.slug, x.name, x.name_en, NULL, s.n FROM summed s
 JOIN directory_sector x ON s.facet = 'branche' AND x.id = s.key::integer
 ORDER BY s.n DESC, x.name LIMIT %(top)s)
UNION ALL
SELECT 'region', r.slug, r.name, p.slug, r.kind, s.n FROM summed s
JOIN directory_region r ON s.facet = 'region' AND r.id = s.key::integer AND r.kind IN ('state', 'district', 'city')
LEFT JOIN directory_region p ON p.id = r.parent_id
UNION ALL
(SELECT 'netzwerk', n.slug, n.name, NULL, NULL, s.n FROM summed s
 JOIN directory_organisation n ON s.facet = 'netzwerk' AND n.id = s.key::integer
 ORDER BY s.n DESC, n.name LIMIT %(top)s)
"""


def facet_totals(scopes, facets, selected_count: int = 0) -> dict:
    """The unfiltered counts of `facets` (and "count") over organisations of the kinds
    `scopes`, in the facets' row shape, from the kept totals."""
    wanted = [*facets, "count"]
    with connection.cursor() as cursor:
        cursor.execute(
            _TOTALS_SQL,
            {
                "scopes": [str(s) for s in scopes],
                "facets": wanted,
                "today": timezone.localdate(),
                "competences": TOP_OPTIONS + selected_count,
                "top": TOP_OPTIONS,
            },
        )
        rows = cursor.fetchall()
    found: dict = {}
    for facet, key, label, label_en, extra, n in rows:
        if facet in wanted:
            found.setdefault(facet, []).append((key, label, label_en, extra, int(n)))
    return found


def competence_firm_counts() -> dict[int, int]:
    """Firms per competence, a field counting the firms of its competences too (as its filter
    does). One query: the kept totals on PostgreSQL; on SQLite the links, counted here."""
    if uses_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, n FROM directory_facet_total WHERE scope = %s AND facet = 'kompetenz' AND n > 0",
                [Organisation.Kind.FIRM],
            )
            return {int(key): int(n) for key, n in cursor.fetchall()}
    firms: dict[int, set] = {}
    links = Organisation.competences.through.objects.filter(organisation__kind=Organisation.Kind.FIRM)
    for organisation, competence, field in links.values_list(
        "organisation_id", "competence_id", "competence__parent_id"
    ):
        for key in (competence, field):
            if key is not None:
                firms.setdefault(key, set()).add(organisation)
    return {key: len(members) for key, members in firms.items()}


def empty_facets(filterset) -> dict:
    """The facets of a search that cannot match: no options, the selected ones still shown."""
    facets = {name: [] for name in ("kompetenz", "region", "netzwerk", "groesse")}
    for name in ("branche", "art"):
        if name in filterset.filters:
            facets[name] = []
    facets["kompetenz"] = _competence_options([], list(filterset.value("kompetenz") or []))
    return facets

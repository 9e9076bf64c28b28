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
"""

import math

import django_filters
from django import forms
from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, gettext_lazy as _

from directory import caching, search
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

KM_PER_DEGREE = 111.2
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1, 200, 25
TOP_OPTIONS = 20
RADIUS_RANGE = format_lazy(
    _("Der Umkreis liegt zwischen {min} und {max} km; gesucht wird im Umkreis von 25 km."),
    min=MIN_RADIUS_KM, max=MAX_RADIUS_KM,
)


class DirectoryForm(forms.Form):
    def clean_plz(self):
        code = (self.cleaned_data.get("plz") or "").strip()
        if not code:
            return None
        if not (len(code) == 5 and code.isdigit()):
            raise forms.ValidationError(gettext("Eine Postleitzahl hat fünf Ziffern."))
        centre = (
            PostalCode.objects.filter(code=code, latitude__isnull=False)
            .values_list("latitude", "longitude").first()
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


class OrganisationFilter(django_filters.FilterSet):
    kompetenz = django_filters.ModelMultipleChoiceFilter(
        label=_("Kompetenz"), field_name="competences", to_field_name="slug",
        queryset=Competence.objects.all(), method="filter_competences",
        error_messages=_invalid(_("Die Kompetenz „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    branche = django_filters.ModelChoiceFilter(
        label=_("Branche"), field_name="sectors", lookup_expr="exact", to_field_name="slug",
        queryset=Sector.objects.all(),
        error_messages=_invalid(_("Die Branche „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="region", to_field_name="slug",
        queryset=Region.objects.all(), method="filter_region",
        error_messages=_invalid(_("Die Region „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    netzwerk = django_filters.ModelChoiceFilter(
        label=_("Netzwerk"), field_name="memberships__network", to_field_name="slug",
        queryset=Organisation.objects.networks(), method="filter_network",
        error_messages=_invalid(_("Das Netzwerk „%(value)s“ gibt es nicht; dieser Filter bleibt weg.")),
    )
    stand = django_filters.DateFilter(
        label=_("Stand"), method="filter_nothing", input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Das Datum bei „Stand“ ist ungültig (Beispiel: 2019-09-24); gezeigt wird der heutige Stand.")},
    )
    groesse = django_filters.ChoiceFilter(
        label=_("Größe"), field_name="employees", lookup_expr="exact",
        choices=Organisation.EmployeeBand.choices,
        error_messages={"invalid_choice": _("Diese Größenklasse gibt es nicht; dieser Filter bleibt weg.")},
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"), field_name="kind", lookup_expr="exact", choices=Organisation.Kind.choices,
        error_messages={"invalid_choice": _("Diese Art gibt es nicht; dieser Filter bleibt weg.")},
    )
    plz = django_filters.CharFilter(label=_("PLZ"), method="filter_radius", max_length=5)
    umkreis = django_filters.NumberFilter(
        label=_("Umkreis (km)"), method="filter_nothing",
        min_value=MIN_RADIUS_KM, max_value=MAX_RADIUS_KM,
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

    class Meta:
        model = Organisation
        fields = []
        form = DirectoryForm

    # Facets whose options are single choices: counted with every filter but their own.
    SINGLE_FACETS = ("branche", "region", "netzwerk", "groesse", "art")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed = search.parse_query(self.data.get("q") if self.data else "")
        self._fuzzy = None

    # Filter methods ----------------------------------------------------------------------

    def filter_nothing(self, queryset, name, value):
        # Read by another filter (stand by netzwerk, umkreis by plz).
        return queryset

    def filter_competences(self, queryset, name, competences):
        through = Organisation.competences.through
        for competence in competences:
            # One EXISTS each: ALL of them, no duplicate rows, and a field counts its children.
            # The competence's ids as a subquery rather than an OR over a join to competences,
            # which PostgreSQL could only answer row by row.
            ids = Competence.objects.filter(Q(pk=competence.pk) | Q(parent=competence.pk)).values("pk")
            queryset = queryset.filter(Exists(
                through.objects.filter(organisation=OuterRef("pk"), competence__in=ids)
            ))
        return queryset

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__in=Region.objects.within(region))

    def membership_day(self):
        return self.form.cleaned_data.get("stand") or timezone.localdate()

    def filter_network(self, queryset, name, network):
        members = Membership.objects.as_of(self.membership_day()).filter(
            network=network, organisation=OuterRef("pk")
        )
        return queryset.filter(Exists(members))

    def filter_radius(self, queryset, name, centre):
        if not centre:
            return queryset
        radius = float(self.form.cleaned_data.get("umkreis") or DEFAULT_RADIUS_KM)
        lat0, lon0 = centre["latitude"], centre["longitude"]
        dlat = radius / KM_PER_DEGREE
        cos0 = math.cos(math.radians(lat0))
        dlon = dlat / max(cos0, 0.01)
        # The bounding box narrows by index-friendly ranges; then the equirectangular distance,
        # squared so it needs no sqrt or cos in SQL (SQLite has neither for certain).
        queryset = queryset.filter(
            latitude__range=(lat0 - dlat, lat0 + dlat), longitude__range=(lon0 - dlon, lon0 + dlon)
        )
        dy = F("latitude") - lat0
        dx = (F("longitude") - lon0) * cos0
        return queryset.alias(
            degrees_squared=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField())
        ).filter(degrees_squared__lte=dlat * dlat)

    def filter_text(self, queryset, name, value):
        if not self.parsed:
            return queryset
        if self._fuzzy is None:
            self._fuzzy = search.needs_fuzzy(queryset, self.parsed)
        return search.search(queryset, self.parsed, fuzzy=self._fuzzy)

    def needs_fuzzy(self) -> bool:
        """Whether the text search adds near misses under the other filters (one query)."""
        return search.needs_fuzzy(self.filtered_except("q"), self.parsed)

    def set_fuzzy(self, fuzzy: bool) -> None:
        """Take the answer of needs_fuzzy() from elsewhere (the view's cache); before `.qs`."""
        self._fuzzy = bool(fuzzy)

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
        return valid

    def error_messages(self) -> list[str]:
        self.is_valid()
        messages = [message for errors in self.form.errors.values() for message in errors]
        if self.parsed.notice:
            messages.append(self.parsed.notice)
        return messages

    def filtered_except(self, skip: str | None):
        """The queryset with every valid filter applied except `skip`."""
        self.is_valid()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name == skip:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active(self) -> list[str]:
        """Names of the filters that take effect."""
        self.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
            if name in ("stand", "umkreis"):
                continue
            if name == "q":
                if self.parsed:
                    active.append(name)
            elif value not in (None, "", []) and (not hasattr(value, "exists") or list(value)):
                active.append(name)
        return active


class FirmFilter(OrganisationFilter):
    """/firmen/: every filter but the kind, which is fixed."""

    art = None
    SINGLE_FACETS = ("branche", "region", "netzwerk", "groesse")


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
            (name, " ".join(filterset.parsed.tokens) if name == "q" else _normalised(filterset.form.cleaned_data[name]))
            for name in sorted(filterset.form.cleaned_data)
        ]
        parts = filterset._key_parts = (base, filters)
    return parts


def cached(version, filterset, name: str, compute):
    """compute(), or its result cached under the filters (netzwerk/lib/cache.py); `version`:
    the versions the view read (None: not cached). For the view's count and page ids, which
    cost as much as a facet on a broad text search."""
    if version is None:
        return compute()
    return cache.cached(FACET_CACHE_PREFIX, cache_key(filterset, name, None), compute,
                        tables=caching.DIRECTORY, versions=version)


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
    names = [name for name in computers if name in ("kompetenz", "region", "netzwerk", "groesse") or name in filterset.filters]
    # Django's cache backends pickle on set and unpickle on get, so what the view marks as
    # selected never reaches the cached copy: no deepcopy needed on either side.
    return cache.cached_many(
        FACET_CACHE_PREFIX,
        {name: (cache_key(filterset, name, computers[name][0]), computers[name][1]) for name in names},
        tables=caching.DIRECTORY, versions=version,
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
    selected_slugs = {c.slug for c in selected}
    options = [
        {"slug": slug, "name": localised_name(name, name_en), "is_field": bool(is_field), "count": n,
         "selected": slug in selected_slugs}
        for slug, name, name_en, is_field, n in rows
    ]
    shown = [o for o in options if not o["selected"]][:TOP_OPTIONS]
    chosen = [o for o in options if o["selected"]]
    # A selected competence outside the top rows still shows, with its count.
    missing = selected_slugs - {o["slug"] for o in chosen}
    chosen += [{"slug": c.slug, "name": c.display_name, "is_field": c.parent_id is None, "count": None, "selected": True}
               for c in selected if c.slug in missing]
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
            pk, slug, name, kind = row[offset:offset + 4]
            if pk is None or kind not in ("state", "district", "city"):
                continue
            entry = totals.setdefault(pk, [slug, name, kind, 0])
            entry[3] += n
    ordered = sorted(totals.values(), key=lambda e: (e[2] != "state", -e[3], e[1]))
    states = [e for e in ordered if e[2] == "state"]
    districts = [e for e in ordered if e[2] != "state"][:TOP_OPTIONS]
    return [{"slug": slug, "name": name, "is_state": kind == "state", "count": int(n)} for slug, name, kind, n in states + districts]


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
        Membership.objects.as_of(day).filter(organisation__in=_ids(queryset))
        .order_by().values("network_id", "organisation_id").distinct()
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
    labels = {value: str(label) for value, label in Organisation.EmployeeBand.choices}
    order = list(labels)
    rows = [(value, n) for value, n in _column_counts(queryset, "employees") if value]
    return sorted(
        ({"slug": value, "name": labels.get(value, value), "count": n} for value, n in rows),
        key=lambda row: order.index(row["slug"]) if row["slug"] in order else 99,
    )


def kind_counts(queryset) -> list[dict]:
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    rows = sorted(_column_counts(queryset, "kind"), key=lambda row: -row[1])
    return [{"slug": kind, "name": kinds.get(kind, kind), "count": n} for kind, n in rows]


def _fetch(sql, params):
    # From the database the versions come from (a replica too): netzwerk/lib/cache.py.
    with cache.read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()

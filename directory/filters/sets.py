"""The directory's FilterSets, usable on any organisation queryset: the form, the facet-key
expressions, the radius helpers, OrganisationFilter, FirmFilter and MemberFilter.

A network's member list builds `OrganisationFilter(request.GET, queryset=members)` and calls
`facet_counts(filterset)` (counting.py) just as the directory does.

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
one_pass_facets() (one_pass.py) takes the count, the page and every facet from one statement.
`stand=` (a past day) and SQLite keep the joins.
"""

import math

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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory import places, search
from directory.models import (
    Competence,
    Membership,
    Organisation,
    PostalCode,
    Region,
    Sector,
)

KM_PER_DEGREE = 111.2
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1, 200, 25
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

"""Search over organisations: the stored search document, and the query against it.

Each organisation stores a folded plain-text document (`search_text`) and, on PostgreSQL, a
weighted `search_vector` built from it: A for the names (name, short name, aliases), B for the
competences with their synonyms and field, C for the description, the place and its regions.
Signals (directory/signals.py) keep both current; a query never recomputes them.

On PostgreSQL a query is a prefix tsquery over the folded tokens, ranked with the weights, with
pg_trgm word similarity as a fallback for typos when the exact search finds little. On SQLite
every token must start a word of `search_text`; results come by name. Folding (ä → ae, accents
dropped, lower case) happens in Python for the query and in SQL (`netzwerk_fold`, migration
0005) for the documents, so "Müller", "Mueller" and "muller" meet in the middle.
"""

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from directory.text import fold

MAX_QUERY_CHARS = 200
MAX_TOKENS = 10
# Below this many exact hits, trigram word similarity adds near misses ("Getribe").
FUZZY_BELOW = 3
# Weights for D, C, B, A, in the order SearchRank takes them.
RANK_WEIGHTS = [0.1, 0.2, 0.5, 1.0]
# Private-use characters mark the headline's matches, so the rest can be escaped first.
_START, _STOP = "\ue000", "\ue001"


# The stored document -------------------------------------------------------------------

# One statement for any number of rows: the three weighted parts per organisation, folded by
# netzwerk_fold() (migration 0005) exactly as directory.text.fold() folds the query.
_REFRESH_SQL = """
WITH targets AS (
    SELECT o.id FROM directory_organisation o WHERE {where}
),
-- Aggregated once for all targets (a hash join), not per row: a per-row subquery turned into
-- a nested loop over every competence on freshly loaded, unanalysed tables.
comp AS (
    SELECT oc.organisation_id, string_agg(concat_ws(' ', c.name, c.synonyms, f.name), ' ') AS text
    FROM directory_organisation_competences oc
    JOIN targets tg ON tg.id = oc.organisation_id
    JOIN directory_competence c ON c.id = oc.competence_id
    LEFT JOIN directory_competence f ON f.id = c.parent_id
    GROUP BY oc.organisation_id
),
docs AS (
    SELECT o.id,
        concat_ws(' ', o.name, o.short_name, o.aliases) AS a,
        coalesce(comp.text, '') AS b,
        concat_ws(' ', o.description, o.city, r.name, p.name, pp.name) AS c
    FROM directory_organisation o
    JOIN targets tg ON tg.id = o.id
    LEFT JOIN comp ON comp.organisation_id = o.id
    LEFT JOIN directory_region r ON r.id = o.region_id
    LEFT JOIN directory_region p ON p.id = r.parent_id
    LEFT JOIN directory_region pp ON pp.id = p.parent_id
)
UPDATE directory_organisation t SET
    search_text = netzwerk_fold(concat_ws(' ', d.a, d.b, d.c)),
    search_vector =
        setweight(to_tsvector('german', netzwerk_fold(d.a)), 'A')
        || setweight(to_tsvector('german', netzwerk_fold(d.b)), 'B')
        || setweight(to_tsvector('german', netzwerk_fold(d.c)), 'C')
FROM docs d
WHERE t.id = d.id
"""


_deferred = threading.local()


@contextmanager
def deferred_search_refresh():
    """Collect the organisations the signals would refresh, and refresh them once at the end.

    For workflows that save many records one by one through .save() (the spreadsheet import,
    merging): one UPDATE for all instead of one per save. Use it inside the workflow's
    transaction, so the documents are current when it commits. Nested uses join the outer one.
    """
    if getattr(_deferred, "ids", None) is not None:
        yield
        return
    _deferred.ids = set()
    try:
        yield
        ids = _deferred.ids
    finally:
        _deferred.ids = None
    refresh_search_documents(ids)


def refresh_search_documents(queryset_or_ids=None) -> None:
    """Recompute the stored search document of many organisations at once.

    Takes an Organisation queryset, an iterable of ids, or None for every organisation. On
    PostgreSQL this is one UPDATE whatever the number of rows (bulk loaders call it once at the
    end); on SQLite a Python pass in batches.
    """
    from directory.models import Organisation

    pending = getattr(_deferred, "ids", None)
    if pending is not None and queryset_or_ids is not None:
        if isinstance(queryset_or_ids, QuerySet):
            queryset_or_ids = queryset_or_ids.order_by().values_list("pk", flat=True)
        pending.update(int(pk) for pk in queryset_or_ids)
        return

    if queryset_or_ids is None:
        where, params = "TRUE", []
    elif isinstance(queryset_or_ids, QuerySet):
        sql, params = queryset_or_ids.order_by().values("pk").query.sql_with_params()
        where, params = f"o.id IN ({sql})", list(params)
    else:
        ids = [int(pk) for pk in queryset_or_ids]
        if not ids:
            return
        where, params = "o.id = ANY(%s)", [ids]

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_REFRESH_SQL.format(where=where), params)
        return

    organisations = Organisation.objects.all()
    if isinstance(queryset_or_ids, QuerySet):
        organisations = organisations.filter(pk__in=queryset_or_ids.order_by().values("pk"))
    elif queryset_or_ids is not None:
        organisations = organisations.filter(pk__in=ids)
    refresh_in_python(Organisation, organisations.values_list("pk", flat=True))


def refresh_in_python(model, ids, batch_size: int = 500) -> None:
    """The same document computed in Python (SQLite; also used by migration 0005 there)."""
    ids = list(ids)
    for start in range(0, len(ids), batch_size):
        batch = list(
            model.objects.filter(pk__in=ids[start:start + batch_size])
            .select_related("region__parent__parent")
            .prefetch_related("competences__parent")
        )
        for organisation in batch:
            organisation.search_text = fold(" ".join(document_parts(organisation)))
        model.objects.bulk_update(batch, ["search_text"])


def document_parts(organisation) -> tuple[str, str, str]:
    """The A, B and C parts of an organisation's document, unfolded. Reads competences and
    regions, so prefetch them."""
    names = " ".join([organisation.name, organisation.short_name, organisation.aliases])
    competences = " ".join(
        " ".join([c.name, c.synonyms, c.parent.name if c.parent_id else ""])
        for c in organisation.competences.all()
    )
    regions, region = [], organisation.region
    while region is not None:
        regions.append(region.name)
        region = region.parent
    places = " ".join([organisation.description, organisation.city, *regions])
    return names, competences, places


# The query --------------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    text: str = ""
    tokens: list[str] = field(default_factory=list)
    # The tokens as typed (lower case, umlauts kept), for the headline over the original text.
    words: list[str] = field(default_factory=list)
    notice: str = ""

    def __bool__(self) -> bool:
        return bool(self.tokens)


def parse_query(raw: str | None) -> ParsedQuery:
    """Tokens of the user's input, folded; too long an input is cut, with a notice saying so.

    Tokens contain only [0-9a-z] after folding, so joining them into a tsquery cannot inject
    operators; the query still goes to the database as a parameter.
    """
    text = " ".join((raw or "").split())
    notice = ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        notice = gettext("Die Suche war zu lang; gesucht wird nach den ersten %(count)s Zeichen.") % {"count": MAX_QUERY_CHARS}
    tokens = list(dict.fromkeys(fold(text).split()))
    if len(tokens) > MAX_TOKENS:
        tokens = tokens[:MAX_TOKENS]
        notice = gettext("Die Suche hatte zu viele Wörter; gesucht wird nach den ersten %(count)s.") % {"count": MAX_TOKENS}
    words = list(dict.fromkeys(w for w in re.findall(r"[^\W_]+", text.lower())))[:MAX_TOKENS]
    return ParsedQuery(text=text, tokens=tokens, words=words, notice=notice)


def _tsquery(parsed: ParsedQuery) -> SearchQuery:
    return SearchQuery(" & ".join(f"{token}:*" for token in parsed.tokens), search_type="raw", config="german")


def _headline_query(parsed: ParsedQuery) -> SearchQuery:
    # The headline reads the original description, where "Präzision" is spelled with the
    # umlaut: any folded or typed word may light up.
    variants = dict.fromkeys([*parsed.tokens, *parsed.words])
    return SearchQuery(" | ".join(f"{v}:*" for v in variants), search_type="raw", config="german")


def exact_match(parsed: ParsedQuery) -> Q:
    if connection.vendor == "postgresql":
        return Q(search_vector=_tsquery(parsed))
    # SQLite: every token starts a word of the folded document.
    condition = Q()
    for token in parsed.tokens:
        condition &= Q(search_text__startswith=token) | Q(search_text__contains=f" {token}")
    return condition


def fuzzy_match(parsed: ParsedQuery) -> Q:
    """Every token is similar to some word of the document (pg_trgm's %> operator, which the
    trigram index serves; threshold pg_trgm.word_similarity_threshold, 0.6 by default)."""
    condition = Q()
    for token in parsed.tokens:
        condition &= Q(search_text__trigram_word_similar=token)
    return condition


def search(queryset, parsed: ParsedQuery, *, fuzzy: bool = False):
    """Organisations matching the query, annotated with `rank` (0 on SQLite).

    With fuzzy=True near misses by trigram word similarity come too (PostgreSQL only),
    ranked below every exact hit.
    """
    if not parsed:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(exact_match(parsed)).annotate(rank=Value(0.0, output_field=FloatField()))
    condition = exact_match(parsed)
    if fuzzy:
        condition |= fuzzy_match(parsed)
    return queryset.filter(condition).annotate(
        rank=SearchRank(F("search_vector"), _tsquery(parsed), weights=RANK_WEIGHTS)
    )


def needs_fuzzy(queryset, parsed: ParsedQuery) -> bool:
    """Whether the exact search finds fewer than FUZZY_BELOW rows. One query, LIMIT-ed."""
    if not parsed or connection.vendor != "postgresql":
        return False
    return queryset.filter(exact_match(parsed)).order_by()[:FUZZY_BELOW].count() < FUZZY_BELOW


def with_headline(queryset, parsed: ParsedQuery):
    """Annotate `headline`: the description with the matching words between the markers.

    PostgreSQL evaluates it only for the rows of the page, after sort and limit.
    """
    if not parsed or connection.vendor != "postgresql":
        return queryset
    return queryset.annotate(
        headline=SearchHeadline(
            "description",
            _headline_query(parsed),
            config="german",
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def render_headline(headline: str | None) -> SafeString:
    """Escape the snippet, then turn the markers into <mark>: nothing from the text is trusted."""
    if not headline or _START not in headline:
        return mark_safe("")
    return mark_safe(escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>"))

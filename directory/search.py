"""Search over organisations: the stored search document, and the query against it.

Each organisation stores a folded plain-text document (`search_text`) and, on PostgreSQL, a
weighted `search_vector` built from it: A for the names (name, short name, aliases), B for the
competences with their synonyms and field (German and English names), C for the description, the place and its regions.
Signals (directory/signals.py) keep both current; a query never recomputes them.

On PostgreSQL a query is a prefix tsquery over the folded tokens, ranked with the weights. Typos
are corrected word by word against the word list of the documents (`directory_search_word`,
migration 0013; one small indexed query, see correct()): a token that starts no word of any
document is searched as its closest words instead, and the page offers them ("Meinten Sie …").
A token that is close to nothing finds nothing at once, without reading a document. On SQLite
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
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from directory.text import fold

MAX_QUERY_CHARS = 200
MAX_TOKENS = 10
# How many corrections a token that starts no word is searched as (and offered).
CORRECTIONS = 3
# pg_trgm similarity a correction needs (the extension's default threshold is 0.3).
CORRECTION_SIMILARITY = 0.3
# Weights for D, C, B, A, in the order SearchRank takes them.
RANK_WEIGHTS = [0.1, 0.2, 0.5, 1.0]
# Private-use characters mark the headline's matches, so the rest can be escaped first.
_START, _STOP = "\ue000", "\ue001"


# The stored document -------------------------------------------------------------------

# One statement for any number of rows: the three weighted parts per organisation, folded by
# netzwerk_fold() (migration 0005) exactly as directory.text.fold() folds the query; the facet
# keys (migration 0013) from the same joins; and the word list's document counts moved by the
# difference between each document's old and new words. Every part of the statement sees the
# rows as they were before the UPDATE, which is what makes `old_words` the old words.
# Parameters: the day the network keys are computed for, then the WHERE's.
_REFRESH_SQL = """
WITH day AS (SELECT %s::date AS d),
targets AS (
    SELECT o.id FROM directory_organisation o WHERE {where}
),
-- Aggregated once for all targets (a hash join), not per row: a per-row subquery turned into
-- a nested loop over every competence on freshly loaded, unanalysed tables.
comp AS (
    -- The English names too, so /en/ finds "cable assembly" (every language searches one document).
    SELECT oc.organisation_id, string_agg(concat_ws(' ', c.name, c.synonyms, f.name, c.name_en, f.name_en), ' ') AS text
    FROM directory_organisation_competences oc
    JOIN targets tg ON tg.id = oc.organisation_id
    JOIN directory_competence c ON c.id = oc.competence_id
    LEFT JOIN directory_competence f ON f.id = c.parent_id
    GROUP BY oc.organisation_id
),
-- A competence and its field (two levels), each once.
comp_keys AS (
    SELECT k.organisation_id, array_agg(DISTINCT k.id) AS ids FROM (
        SELECT oc.organisation_id, c.id FROM directory_organisation_competences oc
        JOIN targets tg ON tg.id = oc.organisation_id
        JOIN directory_competence c ON c.id = oc.competence_id
        UNION ALL
        SELECT oc.organisation_id, c.parent_id FROM directory_organisation_competences oc
        JOIN targets tg ON tg.id = oc.organisation_id
        JOIN directory_competence c ON c.id = oc.competence_id
        WHERE c.parent_id IS NOT NULL
    ) k GROUP BY k.organisation_id
),
sect AS (
    SELECT os.organisation_id, array_agg(DISTINCT os.sector_id) AS ids
    FROM directory_organisation_sectors os JOIN targets tg ON tg.id = os.organisation_id
    GROUP BY os.organisation_id
),
-- The networks on the day, and the first later day on which a membership starts or ends.
mem AS (
    SELECT m.organisation_id,
        array_agg(DISTINCT m.network_id) FILTER (
            WHERE (m.start_date IS NULL OR m.start_date <= day.d) AND (m.end_date IS NULL OR m.end_date >= day.d)
        ) AS ids,
        least(
            min(m.start_date) FILTER (WHERE m.start_date > day.d),
            min(m.end_date) FILTER (WHERE m.end_date >= day.d) + 1
        ) AS until
    FROM directory_membership m JOIN targets tg ON tg.id = m.organisation_id CROSS JOIN day
    GROUP BY m.organisation_id
),
docs AS (
    SELECT o.id,
        concat_ws(' ', o.name, o.short_name, o.aliases) AS a,
        coalesce(comp.text, '') AS b,
        concat_ws(' ', o.description, o.city, r.name, p.name, pp.name) AS c,
        array_remove(ARRAY[r.id, p.id, pp.id], NULL) AS regions,
        coalesce(comp_keys.ids, '{{}}') AS competences,
        coalesce(sect.ids, '{{}}') AS sectors,
        coalesce(mem.ids, '{{}}') AS networks,
        coalesce(mem.until, 'infinity') AS until
    FROM directory_organisation o
    JOIN targets tg ON tg.id = o.id
    LEFT JOIN comp ON comp.organisation_id = o.id
    LEFT JOIN comp_keys ON comp_keys.organisation_id = o.id
    LEFT JOIN sect ON sect.organisation_id = o.id
    LEFT JOIN mem ON mem.organisation_id = o.id
    LEFT JOIN directory_region r ON r.id = o.region_id
    LEFT JOIN directory_region p ON p.id = r.parent_id
    LEFT JOIN directory_region pp ON pp.id = p.parent_id
),
updated AS (
    UPDATE directory_organisation t SET
        search_text = netzwerk_fold(concat_ws(' ', d.a, d.b, d.c)),
        search_vector =
            setweight(to_tsvector('german', netzwerk_fold(d.a)), 'A')
            || setweight(to_tsvector('german', netzwerk_fold(d.b)), 'B')
            || setweight(to_tsvector('german', netzwerk_fold(d.c)), 'C'),
        facet_regions = d.regions,
        facet_competences = d.competences,
        facet_sectors = d.sectors,
        facet_networks = d.networks,
        facet_networks_until = d.until
    FROM docs d
    WHERE t.id = d.id
    RETURNING t.id, t.search_text
){words}
"""

# The word list's counts moved by the refreshed documents (appended to _REFRESH_SQL for a
# partial refresh). Sorted, so concurrent refreshes take the words' row locks in one order.
_WORDS_DELTA_SQL = """,
new_words AS (
    SELECT DISTINCT u.id, w FROM updated u, unnest(string_to_array(u.search_text, ' ')) w
),
old_words AS (
    SELECT DISTINCT o.id, w FROM directory_organisation o JOIN targets tg ON tg.id = o.id,
        unnest(string_to_array(o.search_text, ' ')) w
),
delta AS (
    SELECT x.w, sum(x.n) AS n FROM (
        SELECT w, 1 AS n FROM new_words UNION ALL SELECT w, -1 FROM old_words
    ) x WHERE length(x.w) >= {min_len} GROUP BY x.w HAVING sum(x.n) <> 0
)
INSERT INTO directory_search_word AS sw (word, ndoc)
SELECT w, n FROM delta ORDER BY w
ON CONFLICT (word) DO UPDATE SET ndoc = sw.ndoc + EXCLUDED.ndoc
"""

# After refreshing every document: the word list from scratch.
_WORDS_REBUILD_SQL = """
INSERT INTO directory_search_word (word, ndoc)
SELECT w, count(*) FROM directory_organisation o,
    LATERAL (SELECT DISTINCT unnest(string_to_array(o.search_text, ' ')) AS w) x
WHERE length(w) >= {min_len}
GROUP BY w
"""

# Shorter words are not worth correcting (and not kept).
MIN_WORD_LENGTH = 3


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
        day = timezone.localdate()
        with connection.cursor() as cursor:
            if queryset_or_ids is None:
                # Every row is read: after a bulk load the planner needs the tables' statistics,
                # or it joins thousands of rows by nested loops (minutes instead of a second).
                cursor.execute(
                    "ANALYZE directory_organisation, directory_membership, directory_organisation_competences,"
                    " directory_organisation_sectors, directory_competence, directory_region"
                )
                cursor.execute(_REFRESH_SQL.format(where=where, words=" SELECT count(*) FROM updated"), [day, *params])
                cursor.execute("DELETE FROM directory_search_word")
                cursor.execute(_WORDS_REBUILD_SQL.format(min_len=MIN_WORD_LENGTH))
            else:
                words = _WORDS_DELTA_SQL.format(min_len=MIN_WORD_LENGTH)
                cursor.execute(_REFRESH_SQL.format(where=where, words=words), [day, *params])
        return

    organisations = Organisation.objects.all()
    if isinstance(queryset_or_ids, QuerySet):
        organisations = organisations.filter(pk__in=queryset_or_ids.order_by().values("pk"))
    elif queryset_or_ids is not None:
        organisations = organisations.filter(pk__in=ids)
    refresh_in_python(Organisation, organisations.values_list("pk", flat=True))


def forget_search_words(ids) -> None:
    """Take the documents of organisations about to be deleted out of the word list's counts
    (PostgreSQL; one statement). Called before the rows go, while their documents are there."""
    ids = [int(pk) for pk in ids]
    if not ids or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE directory_search_word sw SET ndoc = sw.ndoc - gone.n FROM (
                SELECT w, count(*) AS n FROM directory_organisation o,
                    LATERAL (SELECT DISTINCT unnest(string_to_array(o.search_text, ' ')) AS w) x
                WHERE o.id = ANY(%s) GROUP BY w ORDER BY w
            ) gone WHERE sw.word = gone.w
            """,
            [ids],
        )


def refresh_in_python(model, ids, batch_size: int = 500) -> None:
    """The same document computed in Python (SQLite; also used by migration 0005 there)."""
    ids = list(ids)
    for start in range(0, len(ids), batch_size):
        batch = list(
            model.objects.filter(pk__in=ids[start : start + batch_size])
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
        " ".join(
            [
                c.name,
                c.synonyms,
                c.parent.name if c.parent_id else "",
                c.name_en,
                c.parent.name_en if c.parent_id else "",
            ]
        )
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
    # Filled by correct(): for each token that starts no word of any document, the closest
    # words (best first), which the search then looks for instead; None until corrected.
    corrections: dict[str, list[str]] | None = None

    def __bool__(self) -> bool:
        return bool(self.tokens)

    @property
    def hopeless(self) -> bool:
        """A token starts no word and is close to none: nothing can match (after correct())."""
        return bool(self.corrections) and any(not words for words in self.corrections.values())

    def suggestions(self) -> list[str]:
        """Queries to offer instead ("Meinten Sie …"): the best correction of every token,
        then the runners-up of the first corrected one."""
        if not self.corrections or self.hopeless:
            return []
        best = [self.corrections.get(token, [token])[0] for token in self.tokens]
        found = [" ".join(best)]
        for token in self.tokens:
            if token in self.corrections:
                for other in self.corrections[token][1:]:
                    found.append(" ".join(other if t == token else b for t, b in zip(self.tokens, best)))
                break
        return found


def parse_query(raw: str | None) -> ParsedQuery:
    """Tokens of the user's input, folded; too long an input is cut, with a notice saying so.

    Tokens contain only [0-9a-z] after folding, so joining them into a tsquery cannot inject
    operators; the query still goes to the database as a parameter.
    """
    text = " ".join((raw or "").split())
    notice = ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        notice = gettext("Die Suche war zu lang; gesucht wird nach den ersten %(count)s Zeichen.") % {
            "count": MAX_QUERY_CHARS
        }
    tokens = list(dict.fromkeys(fold(text).split()))
    if len(tokens) > MAX_TOKENS:
        tokens = tokens[:MAX_TOKENS]
        notice = gettext("Die Suche hatte zu viele Wörter; gesucht wird nach den ersten %(count)s.") % {
            "count": MAX_TOKENS
        }
    words = list(dict.fromkeys(w for w in re.findall(r"[^\W_]+", text.lower())))[:MAX_TOKENS]
    return ParsedQuery(text=text, tokens=tokens, words=words, notice=notice)


def _alternatives(parsed: ParsedQuery, token: str) -> list[str]:
    return (parsed.corrections or {}).get(token) or [token]


def _tsquery(parsed: ParsedQuery) -> SearchQuery:
    parts = []
    for token in parsed.tokens:
        words = _alternatives(parsed, token)
        part = " | ".join(f"{word}:*" for word in words)
        parts.append(f"({part})" if len(words) > 1 else part)
    return SearchQuery(" & ".join(parts), search_type="raw", config="german")


def _headline_query(parsed: ParsedQuery) -> SearchQuery:
    # The headline reads the original description, where "Präzision" is spelled with the
    # umlaut: any folded, typed or corrected word may light up.
    corrected = [word for token in parsed.tokens for word in _alternatives(parsed, token)]
    variants = dict.fromkeys([*parsed.tokens, *parsed.words, *corrected])
    return SearchQuery(" | ".join(f"{v}:*" for v in variants), search_type="raw", config="german")


# For one token: whether it starts a word of some document (LIKE 'token%' by the pattern
# index; tokens are [0-9a-z], so nothing in them is a LIKE wildcard), and if not,
# its closest words by trigram similarity (the trigram index), the commoner first on a tie.
# One branch per token with the token as a parameter: a token taken from a joined list instead
# would leave the planner no constant to search the trigram index with.
_UNKNOWN = "NOT EXISTS (SELECT 1 FROM directory_search_word k WHERE k.word LIKE %s AND k.ndoc > 0)"
_CORRECT_BRANCH = f"""
(SELECT {{i}} AS i, NULL AS word, 2.0 AS score, 0 AS ndoc WHERE {_UNKNOWN})
UNION ALL
(SELECT {{i}}, w.word, similarity(w.word, %s), w.ndoc FROM directory_search_word w
 WHERE w.word %% %s AND w.ndoc > 0 AND similarity(w.word, %s) >= {{threshold}}
   AND length(w.word) >= {{shortest}} AND {_UNKNOWN}
 ORDER BY 3 DESC, 4 DESC, 2 LIMIT {{limit}})
"""


def _correct_sql(tokens: list[str]) -> tuple[str, list]:
    branches, params = [], []
    for i, token in enumerate(tokens):
        # A correction at least half as long as the token: "get" is no spelling of "getribe".
        branches.append(
            _CORRECT_BRANCH.format(
                i=i,
                threshold=float(CORRECTION_SIMILARITY),
                limit=int(CORRECTIONS),
                shortest=(len(token) + 1) // 2,
            )
        )
        params += [token + "%", token, token, token, token + "%"]
    sql = "SELECT i, word FROM (" + " UNION ALL ".join(branches) + ") c ORDER BY i, score DESC, ndoc DESC, word"
    return sql, params


def correct(parsed: ParsedQuery) -> ParsedQuery:
    """Fill `parsed.corrections` (one query on PostgreSQL; none on SQLite, which searches as
    typed). Tokens that start a word of some document stay as they are."""
    if parsed.corrections is not None:
        return parsed
    parsed.corrections = {}
    if not parsed or connection.vendor != "postgresql":
        return parsed
    # The word list keeps no word shorter than MIN_WORD_LENGTH, so a short token ("TU") would
    # look unknown and close to nothing: it is searched as typed.
    checked = [token for token in parsed.tokens if len(token) >= MIN_WORD_LENGTH]
    if not checked:
        return parsed
    sql, params = _correct_sql(checked)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for i, word in cursor.fetchall():
            words = parsed.corrections.setdefault(checked[i], [])
            if word:
                words.append(word)
    return parsed


def exact_match(parsed: ParsedQuery) -> Q:
    if connection.vendor == "postgresql":
        return Q(search_vector=_tsquery(parsed))
    # SQLite: every token starts a word of the folded document.
    condition = Q()
    for token in parsed.tokens:
        condition &= Q(search_text__startswith=token) | Q(search_text__contains=f" {token}")
    return condition


def rank(parsed: ParsedQuery):
    """The relevance of a matching row: the weighted rank (0 on SQLite, which sorts by name)."""
    if connection.vendor != "postgresql":
        return Value(0.0, output_field=FloatField())
    return SearchRank(F("search_vector"), _tsquery(parsed), weights=RANK_WEIGHTS)


def search(queryset, parsed: ParsedQuery):
    """Organisations matching the query (its words corrected, see correct()), annotated with
    `rank`. None for a query with a word that is close to nothing."""
    if not parsed:
        return queryset
    correct(parsed)
    if parsed.hopeless:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.filter(exact_match(parsed)).annotate(rank=rank(parsed))


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

"""What a list page offers when its search finds nothing: one component for every empty result.

- The competences the search names (chosen, or a run of its words is one's name, English name
  or synonym): a synonym says which competence it stands for, an empty competence says that no
  firm has it yet with its relatives that firms have, and each shows its other synonyms.
- The nearest matches: competences with firms whose words begin with a word of the search, or
  with its closest words by trigram similarity where the search corrected one (directory/search.py,
  correct(): already run for the list, so no query here; SQLite corrects nothing and offers the
  prefix matches only).
- The same search without one filter at a time (the place in the text, the postcode radius,
  region, network first), with its hit count: at most LOOSEN_LIMIT counts, one query each.

Queries: the competences and their firm counts (two), and the counts without each filter (at
most LOOSEN_LIMIT).
"""

from dataclasses import dataclass, field

from django.urls import reverse

from directory import places, search
from directory.filters import competence_firm_counts, count_except
from directory.models import Competence
from directory.text import fold

# Extra count queries for "without this filter"; the filters a buyer most often over-narrows first.
LOOSEN_LIMIT = 4
LOOSEN_ORDER = ("ort", "plz", "region", "netzwerk", "kompetenz", "branche", "groesse", "art", "q")
RELATED_LIMIT = 8
NEAREST_LIMIT = 6


@dataclass
class EmptyHelp:
    competences: list[dict] = field(default_factory=list)
    nearest: list[dict] = field(default_factory=list)
    loosened: list[dict] = field(default_factory=list)


def empty_result_help(filterset, chips) -> EmptyHelp:
    """Everything the page offers instead of results (see the module docstring)."""
    # query: every competence (a curated list of a few hundred); query: their numbers of firms
    # (the kept totals on PostgreSQL, not a count over every link: 0.6-2 s at 100k firms)
    competences = list(Competence.objects.all())
    counts = competence_firm_counts()
    for competence in competences:
        competence.n = counts.get(competence.pk, 0)
    named = named_competences(filterset, competences)
    entries = describe(named, competences)
    shown = {entry["pk"] for entry in entries} | {r["pk"] for entry in entries for r in entry["related"]}
    return EmptyHelp(
        competences=entries,
        nearest=nearest_competences(filterset.parsed, competences, shown),
        loosened=loosen(filterset, chips),
    )


def _phrases(competence) -> list[tuple[str, str]]:
    """(folded phrase, as written) of the competence's name, English name and synonyms."""
    written = [competence.name, competence.name_en, *competence.synonym_list]
    return [(fold(text), text) for text in written if text.strip()]


def _runs(tokens: list[str]) -> set[str]:
    """Every run of consecutive tokens, joined: the phrases the search may name."""
    return {" ".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)}


def named_competences(filterset, competences) -> list[tuple[object, str]]:
    """(competence, the synonym typed for it or "") for the chosen competences and those a run of
    the search's words names; the place's words are no longer among the tokens."""
    chosen = {c.pk for c in filterset.value("kompetenz") or []}
    parsed = filterset.parsed
    runs = _runs(parsed.tokens) | ({fold(parsed.text)} if parsed.text else set())
    named = []
    for competence in competences:
        phrases = _phrases(competence)
        typed = [written for folded, written in phrases if folded in runs]
        if competence.pk in chosen or typed:
            synonym = next((w for w in typed if w in competence.synonym_list), "")
            named.append((competence, "" if fold(competence.name) in runs else synonym))
    return named


def describe(named, competences) -> list[dict]:
    """The notes on the named competences that say something: empty ones with their relatives
    that firms have (the field, the field's other competences), synonyms with what they stand for.

    No queries: the counts come with `competences` (a field's counting its competences' firms).
    """
    empty = [c for c, synonym in named if c.n == 0]
    families = {c.parent_id or c.pk for c in empty}
    relatives = [c for c in competences if c.pk in families or c.parent_id in families]
    relatives = sorted((r for r in relatives if r.n), key=lambda r: (-r.n, r.name))
    url = reverse("directory:firm-list") + "?kompetenz={}"
    entries = []
    for competence, synonym in named:
        unfilled = competence.n == 0
        related = []
        if unfilled:
            family = competence.parent_id or competence.pk
            related = [o for o in relatives if o.pk != competence.pk and family in (o.pk, o.parent_id)]
            if competence.parent_id is None and any(o.parent_id == competence.pk for o in related):
                continue  # a field whose competences have firms: the filter finds them
        if not unfilled and not synonym:
            continue  # a competence with firms, named by its name: nothing to say about it
        entries.append(
            {
                "pk": competence.pk,
                "name": competence.display_name,
                "url": url.format(competence.slug),
                "count": competence.n,
                "unfilled": unfilled,
                "synonym": synonym,
                "synonyms": [s for s in competence.synonym_list if s != synonym],
                "related": [
                    {"pk": o.pk, "name": o.display_name, "count": o.n, "url": url.format(o.slug)}
                    for o in related[:RELATED_LIMIT]
                ],
            }
        )
    return entries


def nearest_competences(parsed, competences, shown: set[int]) -> list[dict]:
    """Competences with firms that a word of the search begins, or one of its corrections (the
    closest words of the word list by trigram similarity, which correct() found for the list)."""
    if not parsed:
        return []
    search.correct(parsed)  # done already for the list: no query
    # Function words ("in", "bei") and short ones would begin half the vocabulary.
    tokens = [t for t in parsed.tokens if len(t) >= search.MIN_WORD_LENGTH and t not in places.FUNCTION_WORDS]
    words = {word for token in tokens for word in (parsed.corrections or {}).get(token) or [token]}
    url = reverse("directory:firm-list") + "?kompetenz={}"
    found = []
    for competence in competences:
        if competence.pk in shown or not competence.n:
            continue
        own = {word for folded, _ in _phrases(competence) for word in folded.split()}
        if any(mine.startswith(word) for mine in own for word in words):
            found.append(competence)
    found.sort(key=lambda c: (-c.n, c.name))
    return [{"name": c.display_name, "count": c.n, "url": url.format(c.slug)} for c in found[:NEAREST_LIMIT]]


def loosen(filterset, chips) -> list[dict]:
    """How many rows the search finds without each active filter, most first; at most
    LOOSEN_LIMIT counts (one query each), the place, radius, region and network first."""
    order = list(LOOSEN_ORDER)
    if filterset.parsed.hopeless:
        order.insert(0, "q")  # a word close to nothing: only dropping the text finds anything
    candidates = sorted((chip for chip in chips if chip["name"] in order), key=lambda chip: order.index(chip["name"]))
    suggestions = []
    for chip in candidates[:LOOSEN_LIMIT]:
        count = _count_without(filterset, chip)
        if count:
            suggestions.append({**chip, "count": count})
    return sorted(suggestions, key=lambda s: -s["count"])


def _count_without(filterset, chip) -> int:
    """The number of rows without what the chip's link removes (one query; without the last
    filter, the kept totals: directory.filters.count_except)."""
    if chip["name"] in ("ort", "kompetenz"):
        return _without(filterset, chip).count()
    return count_except(filterset, chip["name"])


def _without(filterset, chip):
    """The filtered rows without what the chip's link removes."""
    name = chip["name"]
    if name == "ort":
        # The place goes with its words; the rest of the text still searches.
        rows = filterset.filtered_except("q")
        return search.search(rows, filterset.parsed) if filterset.parsed else rows
    if name == "kompetenz":
        # One competence goes; the others stay (the link removes only its own).
        others = [c for c in filterset.value("kompetenz") if c.slug != chip["slug"]]
        return filterset.filters["kompetenz"].filter(filterset.filtered_except("kompetenz"), others)
    return filterset.filtered_except(name)

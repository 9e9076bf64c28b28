"""Finding an organisation by the name people write: "Telegärtner" for "Telegärtner Gerätebau",
"amz" for the short name, "Industrieverein Sachsen 1828" without its "e.V.", "Mueller" for
"Müller", an alias, or the slug. For the path finder and its suggestions as one types.

Every word typed must start a word of the organisation's name, short name or an alias, folded
(directory.text: case, umlauts and accents do not count, legal forms are left out). Only
organisations are looked up, and every organisation is public; people never are (a private
person appears nowhere public, and a path runs from one organisation to another).

Queries: find_organisation() one, and one more for close names when nothing matched;
suggestions() the same. On SQLite the two database functions the match needs are registered in
Python (below); on PostgreSQL they come from migrations 0005 and 0020.
"""

from dataclasses import dataclass, field

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from directory.models import Organisation
from directory.text import fold, name_words

# Candidates listed for an ambiguous name, and suggestions as one types.
CANDIDATES = 10
# Close names offered when nothing matched.
CLOSE = 5
# Fewer folded characters than this suggest nothing (every name would start so).
MIN_SUGGEST_CHARS = 2
FIELDS = ("pk", "slug", "name", "short_name", "aliases", "kind", "city")


@dataclass
class NameMatch:
    """What a name as typed found: one organisation (`found`), several to choose from
    (`candidates`, `more` when there were more than listed), or none (`close` names)."""

    text: str
    found: Organisation | None = None
    candidates: list[Organisation] = field(default_factory=list)
    more: bool = False
    close: list[Organisation] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.found is None and bool(self.candidates)


def _key(text: str) -> str:
    return " ".join(name_words(text))


def _names(organisation: Organisation) -> list[str]:
    return [organisation.name, organisation.short_name, *organisation.alias_list]


def find_organisation(text: str) -> NameMatch:
    """The organisation `text` names: its slug, or a name, short name or alias that is the
    text (legal forms aside), or the only one whose names contain its words; else the
    candidates, or the close names. One query, two when nothing matched."""
    text = text.strip()
    words = name_words(text)
    # Ranked by the database (named()); twice the list, so the exact names are among them.
    rows = list(Organisation.objects.named(words, slug=text).only(*FIELDS)[: 2 * CANDIDATES])
    if not rows:
        return NameMatch(text, close=list(Organisation.objects.close_to(words).only(*FIELDS)[:CLOSE]))
    if rows[0].slug == text:
        return NameMatch(text, found=rows[0])
    key = " ".join(words)
    exact = [o for o in rows if any(_key(name) == key for name in _names(o) if name)]
    if len(exact) == 1:
        return NameMatch(text, found=exact[0])
    if len(exact) > 1:  # the same name twice ("Müller GmbH" in two towns)
        return NameMatch(text, candidates=exact[:CANDIDATES], more=len(exact) > CANDIDATES)
    if len(rows) == 1:
        return NameMatch(text, found=rows[0])
    return NameMatch(text, candidates=rows[:CANDIDATES], more=len(rows) > CANDIDATES)


def suggestions(text: str) -> list[dict]:
    """Up to CANDIDATES organisations for a name being typed, as JSON-ready dicts; the close
    names when none matches. `value` is what fills the field: the name, or the slug where two
    listed share a name. One query, two when nothing matched; none for under two characters."""
    words = name_words(text)
    if len(" ".join(words)) < MIN_SUGGEST_CHARS:
        return []
    rows = list(Organisation.objects.named(words).only(*FIELDS)[:CANDIDATES])
    if not rows:
        rows = list(Organisation.objects.close_to(words).only(*FIELDS)[:CLOSE])
    keys = [_key(o.name) for o in rows]
    return [
        {
            "name": o.name,
            "short_name": o.short_name,
            "slug": o.slug,
            "kind": o.kind,
            "kind_label": str(o.get_kind_display()),
            "city": o.city,
            "value": o.slug if keys.count(key) > 1 else o.name,
        }
        for o, key in zip(rows, keys)
    ]


def _fold(value):
    return None if value is None else fold(value)


def _names_text(name, short_name, aliases):
    if name is None or short_name is None or aliases is None:
        return None
    return fold(f"{name} {short_name} {aliases}")


@receiver(connection_created)
def register_sqlite_functions(sender, connection, **kwargs):
    """netzwerk_fold() and netzwerk_names() on SQLite, as PostgreSQL's (migrations 0005, 0020)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("netzwerk_fold", 1, _fold, deterministic=True)
        connection.connection.create_function("netzwerk_names", 3, _names_text, deterministic=True)

"""Text helpers for German names: slugs and the folded form used to match names."""

import re
import unicodedata

from django.utils.text import slugify

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slugify(text: str, max_length: int = 200) -> str:
    """ "Glashütte Präzision" -> "glashuette-praezision" (slugify alone would drop the e)."""
    return slugify(str(text).translate(_GERMAN))[:max_length].strip("-")


def fold(text: str) -> str:
    """A form for comparing names: lower case, umlauts and ß spelled out, accents and punctuation gone.

    fold("Müller") == fold("Mueller") == "mueller".
    """
    value = str(text).translate(_GERMAN).casefold()
    if not value.isascii():  # most names are; the per-character pass is the slow part
        value = unicodedata.normalize("NFKD", value)
        value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", value).strip()


# Legal forms people leave out when they write a name, on the folded text ("e.V." is "e v").
LEGAL_FORMS = re.compile(r"\b(e v|ev|eingetragener verein|ggmbh|gmbh|mbh|ag|ug|haftungsbeschraenkt|e g|eg|co kg|kg)\b")


def without_legal_form(text: str) -> str:
    """The folded name without legal forms: "Industrieverein Sachsen 1828 e. V." and
    "industrieverein sachsen 1828" give the same key."""
    return " ".join(LEGAL_FORMS.sub(" ", fold(text)).split())


# More words than this in a name as typed are left out of the match.
MAX_NAME_WORDS = 8


def name_words(text: str) -> list[str]:
    """The folded words of a name as typed, without legal forms ("GmbH" alone stays): what
    the path finder matches against the words of organisations' names."""
    words = without_legal_form(text).split() or fold(text).split()
    return list(dict.fromkeys(words))[:MAX_NAME_WORDS]

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

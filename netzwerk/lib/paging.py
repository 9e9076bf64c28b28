"""The page number a list page shows, from the query string's `seite`: both apps' lists page
the same way, with the same messages for a bad or too large number."""

from django.core.paginator import Paginator
from django.utils.translation import gettext


def requested_page(raw: str | None, messages: list[str]) -> int:
    """The page number asked for, 1 for none or a bad one (with a message)."""
    if raw in (None, ""):
        return 1
    try:
        number = int(raw)
    except ValueError:
        messages.append(gettext("Die Seitenzahl ist keine Zahl; gezeigt wird Seite 1."))
        return 1
    if number < 1:
        messages.append(gettext("Seiten beginnen bei 1; gezeigt wird Seite 1."))
        return 1
    # Far past any real list; keeps the OFFSET a sane number.
    return min(number, 10**7)


def page_number(raw: str | int | None, paginator: Paginator, messages: list[str]) -> int:
    """A page that exists; anything else becomes page 1 or the last page, with a message.
    Takes the query string's value or requested_page()'s number."""
    number = raw if isinstance(raw, int) else requested_page(raw, messages)
    if number > paginator.num_pages:
        messages.append(
            gettext("So viele Seiten gibt es nicht; gezeigt wird die letzte, Seite %(number)s.")
            % {"number": paginator.num_pages}
        )
        return paginator.num_pages
    return number

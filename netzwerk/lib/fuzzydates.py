"""Fuzzy dates: a year, a year and month, or a day.

A fuzzy date is stored as a real date plus its precision, so it sorts and compares in
SQL. A start is stored as the first day of its period and an end as the last day
("bis 2019" is 2019-12-31), so "as of a date" is a plain range test and an end given
in the same year as its start is never "before" it.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    YEAR = "year", _("Jahr")
    MONTH = "month", _("Monat")
    DAY = "day", _("Tag")


_MONTH_NAMES = {
    "januar": 1,
    "jänner": 1,
    "january": 1,
    "februar": 2,
    "february": 2,
    "märz": 3,
    "maerz": 3,
    "march": 3,
    "april": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "juli": 7,
    "july": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "october": 10,
    "november": 11,
    "dezember": 12,
    "december": 12,
}
_YEAR = re.compile(r"^(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")
_GERMAN_DAY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_NAMED_MONTH = re.compile(r"^([^\W\d_]+)\.?\s+(\d{4})$")
_NAMED_DAY = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?\s+(\d{4})$")


@dataclass(frozen=True, order=True)
class FuzzyDate:
    date: datetime.date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, text: str) -> "FuzzyDate":
        """Read "2016", "2016-03", "03.2016", "März 2016", "2019-09-24" or "24.09.2019".

        Raises ValueError with a message fit for a form when the text is not a date.
        """
        value = " ".join(str(text).split()).strip()
        try:
            if m := _YEAR.match(value):
                return cls(datetime.date(int(m[1]), 1, 1), Precision.YEAR)
            if m := _ISO_MONTH.match(value):
                return cls(datetime.date(int(m[1]), int(m[2]), 1), Precision.MONTH)
            if m := _GERMAN_MONTH.match(value):
                return cls(datetime.date(int(m[2]), int(m[1]), 1), Precision.MONTH)
            if m := _ISO_DAY.match(value):
                return cls(datetime.date(int(m[1]), int(m[2]), int(m[3])), Precision.DAY)
            if m := _GERMAN_DAY.match(value):
                return cls(datetime.date(int(m[3]), int(m[2]), int(m[1])), Precision.DAY)
            if (m := _NAMED_MONTH.match(value)) and m[1].lower() in _MONTH_NAMES:
                return cls(datetime.date(int(m[2]), _MONTH_NAMES[m[1].lower()], 1), Precision.MONTH)
            if (m := _NAMED_DAY.match(value)) and m[2].lower() in _MONTH_NAMES:
                month = _MONTH_NAMES[m[2].lower()]
                return cls(datetime.date(int(m[3]), month, int(m[1])), Precision.DAY)
        except ValueError:
            raise ValueError(gettext("„%(value)s“ ist kein gültiges Datum.") % {"value": value}) from None
        raise ValueError(
            gettext(
                "„%(value)s“ ist kein Datum. Erlaubt sind ein Jahr (2016), "
                "ein Monat (03.2016 oder März 2016) oder ein Tag (24.09.2019)."
            )
            % {"value": value}
        )

    @property
    def lower(self) -> datetime.date:
        """The first day of the period."""
        if self.precision == Precision.YEAR:
            return self.date.replace(month=1, day=1)
        if self.precision == Precision.MONTH:
            return self.date.replace(day=1)
        return self.date

    @property
    def upper(self) -> datetime.date:
        """The last day of the period."""
        if self.precision == Precision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=last)
        return self.date

    def __str__(self) -> str:
        """As read in the active language: "2016", "März 2017" / "March 2017",
        "24. September 2019" / "24 September 2019" (DATE_FORMAT, see netzwerk/formats)."""
        if self.precision == Precision.YEAR:
            return str(self.date.year)
        if self.precision == Precision.MONTH:
            return date_format(self.date, "YEAR_MONTH_FORMAT")
        return date_format(self.date, "DATE_FORMAT")

    def as_input(self) -> str:
        """As typed into a form: "2016", "März 2016", "24.09.2019"; parse() reads it back."""
        if self.precision == Precision.YEAR:
            return str(self.date.year)
        if self.precision == Precision.MONTH:
            return f"{MONTHS[self.date.month]} {self.date.year}"
        return self.date.strftime("%d.%m.%Y")

    @property
    def iso(self) -> str:
        """ISO 8601 at the known precision: 2016, 2016-03 or 2016-03-24."""
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


def format_period(start: FuzzyDate | None, end: FuzzyDate | None) -> str:
    """ "2016", "seit März 2016", "bis 2019", "2016–2019", or "" when neither is known."""
    if start and end:
        if str(start) == str(end):
            return str(start)
        return f"{start} – {end}"
    if start:
        return gettext("seit %(date)s") % {"date": start}
    if end:
        return gettext("bis %(date)s") % {"date": end}
    return ""

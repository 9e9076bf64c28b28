import datetime

import pytest

from netzwerk.lib.fuzzydates import FuzzyDate, Precision, format_period

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    ("text", "date", "precision", "shown"),
    [
        ("2016", datetime.date(2016, 1, 1), Precision.YEAR, "2016"),
        ("2016-03", datetime.date(2016, 3, 1), Precision.MONTH, "März 2016"),
        ("03.2016", datetime.date(2016, 3, 1), Precision.MONTH, "März 2016"),
        ("März 2016", datetime.date(2016, 3, 1), Precision.MONTH, "März 2016"),
        ("maerz 2016", datetime.date(2016, 3, 1), Precision.MONTH, "März 2016"),
        ("2019-09-24", datetime.date(2019, 9, 24), Precision.DAY, "24. September 2019"),
        ("24.09.2019", datetime.date(2019, 9, 24), Precision.DAY, "24. September 2019"),
        ("4. Juni 2025", datetime.date(2025, 6, 4), Precision.DAY, "4. Juni 2025"),
        ("  24. 9. 2019 ", datetime.date(2019, 9, 24), Precision.DAY, "24. September 2019"),
    ],
)
def test_it_reads_dates_as_people_write_them_and_shows_them_back(text, date, precision, shown):
    value = FuzzyDate.parse(text)

    assert value.date == date
    assert value.precision == precision
    assert str(value) == shown


@pytest.mark.parametrize("text", ["", "soon", "32.13.2019", "2019-02-30", "13.2016", "Frühling 2016", "20166"])
def test_it_rejects_what_is_not_a_date_with_a_message(text):
    with pytest.raises(ValueError) as error:
        FuzzyDate.parse(text)

    assert "Datum" in str(error.value)


def test_a_period_spans_from_its_first_to_its_last_day():
    assert FuzzyDate.parse("2019").lower == datetime.date(2019, 1, 1)
    assert FuzzyDate.parse("2019").upper == datetime.date(2019, 12, 31)
    assert FuzzyDate.parse("02.2024").upper == datetime.date(2024, 2, 29)
    assert FuzzyDate.parse("24.09.2019").upper == datetime.date(2019, 9, 24)


def test_fuzzy_dates_sort_by_their_date():
    dates = [FuzzyDate.parse(t) for t in ("24.09.2019", "2016", "März 2017")]

    assert [str(d) for d in sorted(dates)] == ["2016", "März 2017", "24. September 2019"]


def test_iso_keeps_the_known_precision():
    assert FuzzyDate.parse("2016").iso == "2016"
    assert FuzzyDate.parse("März 2016").iso == "2016-03"
    assert FuzzyDate.parse("24.09.2019").iso == "2019-09-24"


def test_a_period_reads_naturally():
    start, end = FuzzyDate.parse("2016"), FuzzyDate.parse("März 2019")

    assert format_period(start, end) == "2016 – März 2019"
    assert format_period(start, None) == "seit 2016"
    assert format_period(None, end) == "bis März 2019"
    assert format_period(start, FuzzyDate.parse("2016")) == "2016"
    assert format_period(None, None) == ""

# German dates as Django writes them ("24. September 2019"); here so both languages are stated.
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
YEAR_MONTH_FORMAT = "F Y"

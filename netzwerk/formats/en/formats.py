# English dates the way the site writes them: "24 September 2019", not the US "Sept. 24, 2019".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
YEAR_MONTH_FORMAT = "F Y"

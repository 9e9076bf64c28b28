"""Reading a member list: .csv (UTF-8 with or without BOM, comma or semicolon) or .xlsx."""

import codecs
import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

from directory.text import fold

COLUMNS = (
    "name",
    "kind",
    "short_name",
    "aliases",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "founded",
    "employees",
    "description",
    "competences",
    "sectors",
    "networks",
    "member_since",
    "source_url",
    "source_title",
)
EXTENSIONS = (".csv", ".xlsx")

# The headers of member lists as the network offices write them, folded (directory.text.fold):
# a list imports without renaming its columns. Each maps to one of COLUMNS.
HEADER_ALIASES = {
    "name": (
        "firma",
        "firmenname",
        "unternehmen",
        "unternehmensname",
        "name der firma",
        "mitglied",
        "mitgliedsname",
        "mitgliedsunternehmen",
        "organisation",
        "einrichtung",
        "institution",
    ),
    "kind": ("art", "typ", "organisationsart", "rechtsform art"),
    "short_name": ("kurzname", "kurzbezeichnung", "kuerzel", "abkuerzung"),
    "aliases": ("weitere namen", "alias", "aliasse", "auch", "frueherer name"),
    "website": ("webseite", "homepage", "internet", "internetseite", "internetadresse", "web", "url", "www"),
    "email": ("e mail", "mail", "e mail adresse", "emailadresse", "kontakt e mail"),
    "phone": ("telefon", "tel", "telefonnummer", "fon", "zentrale"),
    "street": (
        "strasse",
        "str",
        "strasse und hausnummer",
        "strasse hausnummer",
        "anschrift",
        "adresse",
        "hausanschrift",
    ),
    "postcode": ("plz", "postleitzahl"),
    "city": ("ort", "stadt", "sitz", "standort", "gemeinde"),
    "founded": ("gruendung", "gruendungsjahr", "gegruendet"),
    "employees": ("beschaeftigte", "mitarbeiter", "mitarbeiterzahl", "anzahl mitarbeiter", "mitarbeitende"),
    "description": ("beschreibung", "profil", "kurzprofil", "taetigkeit", "kurzbeschreibung"),
    "competences": ("kompetenzen", "kompetenz", "leistungen", "leistungsspektrum", "schwerpunkte"),
    "sectors": ("branche", "branchen"),
    "networks": ("netzwerk", "netzwerke", "verband", "mitglied in", "mitgliedschaft"),
    "member_since": ("mitglied seit", "beitritt", "eintritt", "beitrittsdatum", "eintrittsdatum", "seit"),
    "source_url": ("quelle", "quellen url", "quelle url", "beleg"),
    "source_title": ("quellentitel", "titel der quelle"),
}
# Columns a member list carries that the atlas does not import, left out with a warning
# rather than stopping the import. People's names and direct lines stay out of the atlas.
IGNORED_HEADERS = (
    "nr",
    "lfd nr",
    "laufende nummer",
    "nummer",
    "id",
    "mitgliedsnummer",
    "ansprechpartner",
    "ansprechpartnerin",
    "ansprechpartner in",
    "kontaktperson",
    "kontakt",
    "vorname",
    "nachname",
    "anrede",
    "titel",
    "funktion",
    "position",
    "durchwahl",
    "mobil",
    "handy",
    "fax",
    "telefax",
    "bemerkung",
    "bemerkungen",
    "notiz",
    "kommentar",
    "status",
    "land",
    "bundesland",
)
_ALIASES = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, for the report."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


def read_table(*, content: bytes, filename: str, ignored: list[str] | None = None) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (row number in the file, {column: text}); the header is row 1.

    Blank rows are skipped; every cell is stripped text. Raises FileProblem for a file that is
    not .csv/.xlsx, is empty, is not UTF-8, or has a header without `name` or with a column
    the import does not know (a typo there would otherwise drop a column silently).
    """
    lower = filename.lower()
    if lower.endswith(".csv"):
        records = _csv_records(content)
    elif lower.endswith(".xlsx"):
        records = _xlsx_records(content)
    else:
        raise FileProblem(
            _("Nur .csv- und .xlsx-Dateien können importiert werden, nicht „%(name)s“.") % {"name": filename}
        )
    records = [(number, [cell.strip() for cell in cells]) for number, cells in records]
    records = [(number, cells) for number, cells in records if any(cells)]
    if not records:
        raise FileProblem(_("Die Datei ist leer."))
    header_number, header = records[0]
    columns = [_column_name(cell) for cell in header]
    seen = set()
    for column, raw in zip(columns, header, strict=True):
        if not column:
            if raw and ignored is not None:
                ignored.append(raw)
            continue
        if column not in COLUMNS:
            raise FileProblem(
                _(
                    "Unbekannte Spalte „%(column)s“. Erlaubt sind: %(allowed)s, und die üblichen deutschen Spaltennamen (Firma, PLZ, Ort, Mitglied seit, …)."
                )
                % {"column": raw, "allowed": ", ".join(COLUMNS)},
                row=header_number,
                column=raw,
            )
        if column in seen:
            raise FileProblem(_("Die Spalte steht zweimal in der Kopfzeile."), row=header_number, column=raw)
        seen.add(column)
    if "name" not in seen:
        raise FileProblem(
            _("Die Kopfzeile hat keine Spalte „name“ (oder „Firma“, „Unternehmen“, „Mitglied“)."),
            row=header_number,
            column="name",
        )
    if len(records) == 1:
        raise FileProblem(_("Die Datei enthält keine Zeilen unter der Kopfzeile."))

    rows = []
    for number, cells in records[1:]:
        extra = [cell for cell in cells[len(columns) :] if cell]
        if extra:
            raise FileProblem(_("Die Zeile hat mehr Zellen als die Kopfzeile Spalten."), row=number)
        values = {column: cell for column, cell in zip(columns, cells) if column}
        rows.append((number, {column: values.get(column, "") for column in seen}))
    return rows


def _column_name(cell: str) -> str:
    """The import's column for a header cell: its own name ("postcode", "member_since"), or a
    German header ("PLZ", "Mitglied seit", "Straße") as in HEADER_ALIASES; "" for a column to
    leave out (IGNORED_HEADERS). Anything else is returned as written, and refused."""
    cell = cell.strip().lstrip("\ufeff")
    own = cell.lower().replace(" ", "_").replace("-", "_")
    if own in COLUMNS:
        return own
    folded = fold(cell)
    if folded in _ALIASES:
        return _ALIASES[folded]
    if folded in IGNORED_HEADERS:
        return ""
    return own


def _csv_records(content: bytes):
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileProblem(
            _("Die Datei ist nicht UTF-8-kodiert (Byte %(position)s). Bitte als „CSV UTF-8“ speichern.")
            % {"position": error.start + 1}
        ) from None
    if not text.strip():
        raise FileProblem(_("Die Datei ist leer."))
    # The header decides: Excel in German writes semicolons, most other tools commas.
    first_line = text.lstrip().splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise FileProblem(
            _("Die CSV-Datei ist fehlerhaft (Zeile %(row)s): %(error)s") % {"row": reader.line_num, "error": error}
        ) from None


def _xlsx_records(content: bytes):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not content:
        raise FileProblem(_("Die Datei ist leer."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FileProblem(_("Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)

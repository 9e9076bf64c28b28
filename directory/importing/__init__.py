"""Importing a member list from a spreadsheet (.csv or .xlsx): see run.import_organisations.

reading.py reads the file into rows, cells.py parses single cells, run.py matches and writes,
report.py is what the command and the admin page show.
"""

from .reading import COLUMNS, EXTENSIONS
from .report import ImportReport, Problem, RowOutcome
from .run import import_organisations

__all__ = ["COLUMNS", "EXTENSIONS", "ImportReport", "Problem", "RowOutcome", "import_organisations"]

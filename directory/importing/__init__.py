"""Importing a member list from a spreadsheet (.csv or .xlsx): see run.import_organisations.

reading.py reads the file into rows, cells.py parses single cells, planning.py matches each row
and works out its changes, writing.py writes them, run.py ties them together;
report.py is what the command and the admin page show.
"""

from .reading import COLUMNS, EXTENSIONS
from .report import ImportReport, Problem, RowOutcome
from .run import import_organisations

__all__ = ["COLUMNS", "EXTENSIONS", "ImportReport", "Problem", "RowOutcome", "import_organisations"]

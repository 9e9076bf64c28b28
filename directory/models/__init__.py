from .base import Cited, Dated, DatedQuerySet
from .organisation import Firm, Network, Organisation
from .pages import SitePage
from .person import Person
from .places import PostalCode, Region
from .relations import Membership, Position, Relationship
from .sources import Citation, Source
from .vocabulary import Competence, Sector

__all__ = [
    "Cited", "Citation", "Competence", "Dated", "DatedQuerySet", "Firm", "Membership",
    "Network", "Organisation", "Person", "Position", "PostalCode", "Region", "Relationship",
    "Sector", "SitePage", "Source",
]

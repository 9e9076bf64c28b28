from .base import Cited, Dated, DatedQuerySet
from .editorial import CorrectionRequest, ImportRecord, NetworkEditor
from .organisation import Firm, Network, Organisation
from .pages import SitePage
from .person import Person
from .places import PostalCode, Region
from .redirects import OrganisationRedirect
from .relations import Membership, Position, Relationship
from .sources import Citation, Source
from .vocabulary import Competence, Sector

__all__ = [
    "Cited", "Citation", "Competence", "CorrectionRequest", "Dated", "DatedQuerySet", "Firm", "Membership",
    "ImportRecord", "Network", "NetworkEditor", "Organisation", "OrganisationRedirect", "Person", "Position", "PostalCode",
    "Region", "Relationship", "Sector", "SitePage", "Source",
]

from .base import Attested, Cited, Dated, DatedQuerySet
from .editorial import CorrectionRequest, ImportRecord, NetworkEditor
from .organisation import Firm, Network, Organisation
from .pages import SitePage
from .person import Person
from .places import PostalCode, Region
from .redirects import OrganisationRedirect
from .relations import Membership, Position, Relationship, StatedMemberCount
from .seed import SeedRecord
from .sources import Citation, Source
from .vocabulary import Competence, Sector

__all__ = [
    "Attested",
    "Cited",
    "Citation",
    "Competence",
    "CorrectionRequest",
    "Dated",
    "DatedQuerySet",
    "Firm",
    "ImportRecord",
    "Membership",
    "Network",
    "NetworkEditor",
    "Organisation",
    "OrganisationRedirect",
    "Person",
    "Position",
    "PostalCode",
    "Region",
    "Relationship",
    "Sector",
    "SeedRecord",
    "SitePage",
    "Source",
    "StatedMemberCount",
]

"""Tables and the store: where the application keeps agreements, findings, decisions and audit events.

Importing this package registers every table on ``Base.metadata`` (needed by Alembic and the ORM).
"""

from models.agreement import Agreement, Operator
from models.audit import AppendOnlyError, AuditEvent
from models.base import Base
from models.district import AuthorizedSigner, DistrictSettings
from models.document import ClauseRow, PageRow, StoredFileRow
from models.finding import Check, Finding
from models.publication import Breach, Publication
from models.redaction import RedactionRun
from models.review import ReviewDecision
from models.user import User

__all__ = [
    "AppendOnlyError",
    "Agreement",
    "AuditEvent",
    "AuthorizedSigner",
    "Breach",
    "Base",
    "Check",
    "DistrictSettings",
    "ClauseRow",
    "Finding",
    "Operator",
    "PageRow",
    "Publication",
    "RedactionRun",
    "ReviewDecision",
    "StoredFileRow",
    "User",
]

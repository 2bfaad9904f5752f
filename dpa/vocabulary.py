"""The words the review app and the CLI share with the use cases: roles, statuses, decisions, verdicts,
boxes and the pipeline's error.

Each is defined where it belongs (the records' enums in ``models.enums``, the checking terms in
``pipeline``); they are re-exported here so an interface depends on ``dpa`` alone and the layers
keep pointing one way (review_app -> dpa -> models -> pipeline).
"""

from __future__ import annotations

from models.enums import AgreementStatus, ReviewAction, Role
from pipeline.errors import PipelineError
from pipeline.findings import Verdict
from pipeline.types import BBox

__all__ = ["AgreementStatus", "BBox", "PipelineError", "ReviewAction", "Role", "Verdict"]

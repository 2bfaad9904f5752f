"""Review: accounts and roles, decisions on checks, their evidence, the agreement's status, the audit
trail, the label export and single sign-on.

The names below are the review use cases the app and the CLI call; each lives in the module that
owns it (``accounts``, ``decisions``, ``workflow``).
"""

from dpa.review.accounts import (
    Actor,
    AuthenticationError,
    NotAllowedError,
    ReviewError,
    add_user,
    authenticate,
    create_user,
    find_director,
    list_users,
    require_role,
)
from dpa.review.decisions import (
    HIGH_CONFIDENCE,
    CheckState,
    ConflictError,
    approve_all_high_confidence,
    decide_check,
    judge_values,
    set_evidence,
)
from dpa.review.workflow import Offer, allowed_transitions, offered_transitions, set_status

__all__ = [
    "HIGH_CONFIDENCE",
    "Actor",
    "Offer",
    "AuthenticationError",
    "CheckState",
    "ConflictError",
    "NotAllowedError",
    "ReviewError",
    "add_user",
    "allowed_transitions",
    "approve_all_high_confidence",
    "authenticate",
    "create_user",
    "decide_check",
    "find_director",
    "judge_values",
    "list_users",
    "offered_transitions",
    "require_role",
    "set_evidence",
    "set_status",
]

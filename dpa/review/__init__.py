"""Review: accounts and roles, decisions on checks, their evidence, the agreement's status, the audit
trail, the label export and single sign-on.

The names below are the review use cases the app and the CLI call; each lives in the module that
owns it (``accounts``, ``decisions``, ``agreement_status``).
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
from dpa.review.agreement_status import change_status, set_status
from dpa.review.decisions import (
    HIGH_CONFIDENCE,
    CheckState,
    ConflictError,
    approve_all_high_confidence,
    decide_check,
    judge_values,
    set_evidence,
)

__all__ = [
    "HIGH_CONFIDENCE",
    "Actor",
    "AuthenticationError",
    "CheckState",
    "ConflictError",
    "NotAllowedError",
    "ReviewError",
    "add_user",
    "approve_all_high_confidence",
    "authenticate",
    "change_status",
    "create_user",
    "decide_check",
    "find_director",
    "judge_values",
    "list_users",
    "require_role",
    "set_evidence",
    "set_status",
]

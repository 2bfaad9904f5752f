"""Plain-language sentences for 27(a)(1): how the district uses the data, to whom and why it discloses it.

The sentences are built only from what reviewers approved in the agreement's checks (the service,
the school-official statement, the Section 10 prohibitions, the subcontractor list); nothing is
asserted that the agreement does not say.
"""

from __future__ import annotations

from collections.abc import Sequence

# Section 10 prohibitions as the prohibited_uses.v1 extractor names them, in words a parent reads.
_PROHIBITIONS = {
    "sale": "sell, rent or trade it",
    "targeted_advertising": "use it for targeted advertising",
    "profiling": "build profiles of students except for school purposes",
    "disclosure": "share it with anyone except as the agreement and the law allow",
}


def describe_uses(
    operator: str,
    products: Sequence[str],
    *,
    school_official: bool,
    prohibited: Sequence[str],
    subcontractors: Sequence[str],
    subcontractor_url: str | None,
) -> tuple[str, ...]:
    """The sentences shown under "How the information is used and shared" for one agreement."""
    service = ", ".join(products) if products else "the service described in the agreement"
    sentences = [
        f"The district provides this information to {operator} so that {operator} can provide "
        f"{service} to the district's schools, teachers and students."
    ]
    if school_official:
        sentences.append(
            f"Under the agreement {operator} acts as a school official under the district's direct control "
            "and may use the information only for the purposes the district authorizes."
        )
    stated = [_PROHIBITIONS[p] for p in prohibited if p in _PROHIBITIONS]
    if stated:
        sentences.append(f"The agreement forbids {operator} to {_join(stated)}.")
    sentences.append(_disclosure_sentence(operator, subcontractors, subcontractor_url))
    return tuple(sentences)


def _disclosure_sentence(operator: str, subcontractors: Sequence[str], url: str | None) -> str:
    if subcontractors:
        return (
            f"{operator} may disclose the information to the subcontractors listed on this page, "
            "only to help provide the service."
        )
    if url:
        return f"{operator} publishes the subcontractors that may receive the information at {url}."
    return f"The agreement does not name subcontractors of {operator} that receive the information."


def _join(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]

"""Whether a document is about student data at all: every SOPPA term is a promise about it.

A commercial contract (an NDA, a supply or licence agreement) also promises confidentiality, security,
return of materials and notice of breaches, but of business secrets: none of that is the 105 ILCS 85
provision, which protects what a school gives an operator about its students. So before any content
requirement can be found, the document has to speak of students, pupils, schools or their records
(under whatever name it gives them: "Pupil Records", "Covered Information", "Education Records").

Counted as words of the school setting, not of one vendor's drafting; "district" and "parent" are left
out because commercial contracts use them for sales districts and parent companies.
"""

from __future__ import annotations

import re

from pipeline.types import SegmentedDocument

__all__ = ["STUDENT_CONTEXT_MIN", "student_context_mentions", "holds_student_data_terms"]

_STUDENT_CONTEXT = re.compile(
    r"\b(?:students?|pupils?|schools?|learners?|teachers?|classrooms?|ferpa|soppa|coppa|ppra|"
    r"k-?12|lea|local\s+education(?:al)?\s+agenc(?:y|ies)|education(?:al)?\s+records?|"
    r"covered\s+information|school\s+districts?)\b",
    re.I,
)
STUDENT_CONTEXT_MIN = 2  # one mention in a whole document is a passing word, not its subject


def student_context_mentions(text: str) -> int:
    """How many words of the school setting ``text`` holds."""
    return sum(1 for _ in _STUDENT_CONTEXT.finditer(text))


def holds_student_data_terms(segmented: SegmentedDocument) -> bool:
    """Whether the document speaks of students and their records often enough to hold SOPPA terms."""
    seen = 0
    for clause in segmented.clauses:
        for text in (clause.heading, clause.text):
            if text:
                seen += student_context_mentions(text)
                if seen >= STUDENT_CONTEXT_MIN:
                    return True
    return False

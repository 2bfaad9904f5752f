"""Person names as a signature block and a board list write them, reduced to what identifies a person.

"Dr. Jane Q. Roe, Ed.D.", "ROE, JANE" and "Jane Roe" are one person; "J. Roe" is not enough to
say so. ``nameparser`` (a maintained parser) splits titles, first, middle, last and suffixes; we
then drop titles and suffixes, fold case and accents and remove punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nameparser import HumanName
from nameparser.config import CONSTANTS

from pipeline.signature_grammar import BY, CONFORMED, SIGNED

# Electronic-signature marks and the like that signature blocks put before a name.
_SIGNATURE_MARKS = re.compile(rf"(?i)^\s*(?:{CONFORMED}|s/|{SIGNED}:?|{BY}:)\s*")  # "s/": a "/s/" cut short
_PUNCTUATION = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class NameKey:
    """The parts of a name that identify a person: folded first and last name, middle initials."""

    first: str
    middle_initials: str
    last: str

    @property
    def complete(self) -> bool:
        """A first name (more than an initial) and a last name: enough to compare."""
        return len(self.first) > 1 and bool(self.last)


def name_key(text: str) -> NameKey:
    """The comparable key of one written name."""
    parsed = HumanName(_strip_trailing_role(_SIGNATURE_MARKS.sub("", text)))
    middle = "".join(_fold(part)[:1] for part in parsed.middle_list)
    return NameKey(first=_fold(parsed.first), middle_initials=middle, last=_fold(parsed.last))


def same_person(a: str, b: str) -> bool:
    """Whether two written names name the same person (titles, case, punctuation, middles ignored).

    Middle initials count only when both names give them; a bare first initial never matches,
    since "J. Roe" could be anyone of that surname.
    """
    ka, kb = name_key(a), name_key(b)
    if not (ka.complete and kb.complete) or ka.first != kb.first or ka.last != kb.last:
        return False
    if ka.middle_initials and kb.middle_initials:
        return ka.middle_initials[0] == kb.middle_initials[0]
    return True


def same_surname(a: str, b: str) -> bool:
    """Same last name: enough to point a person at a near miss, never to accept it."""
    last = name_key(a).last
    return bool(last) and last == name_key(b).last


def _fold(text: str) -> str:
    """Lower case without accents or punctuation ("O'Néil" -> "oneil")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _PUNCTUATION.sub("", plain.lower())


def _strip_trailing_role(text: str) -> str:
    """Drop ", Superintendent" after a full name; keep "Roe, Jane" and ", Jr." / ", Ed.D."."""
    head, comma, tail = text.partition(",")
    if not comma or len(head.split()) < 2:
        return text
    kept = [part for part in tail.split(",") if _is_suffix(part)]
    return ", ".join([head, *kept]) if kept else head


def _is_suffix(part: str) -> bool:
    word = part.strip().lower().replace(".", "")
    return bool(word) and (word in CONSTANTS.suffix_acronyms or word in CONSTANTS.suffix_not_acronyms)

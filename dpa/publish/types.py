"""What the public SOPPA listing holds, as plain frozen values read once from the database.

``collect`` builds a ``Listing``; the site, the CSV/JSON files and the manifest are all written
from it, so every output shows the same facts and none of them touches the database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path


def slug(text: str) -> str:
    """A file-name-safe lower-case ASCII form of a name ('Example Co., Inc.' -> 'example-co-inc')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "operator"


def operator_page(operator: str) -> str:
    """The page of one operator, relative to the site root (a short hash keeps similar names apart)."""
    return f"operators/{slug(operator)}-{hashlib.sha256(operator.encode()).hexdigest()[:6]}.html"


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One reviewer decision on a check: who, when, what (notes stay internal)."""

    who: str
    when: datetime
    action: str
    verdict: str | None


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """A requirement's verdict and the decisions that settled it."""

    requirement_id: str
    verdict: str
    decisions: tuple[DecisionRecord, ...]


@dataclass(frozen=True, slots=True)
class RedactionApproval:
    """The verified redaction run whose output is posted, and who approved it."""

    run_id: int
    output_sha256: str
    output_path: Path  # absolute, inside the file store
    approved_by: str
    approved_at: datetime | None
    verified: bool


@dataclass(frozen=True, slots=True)
class PostedAgreement:
    """One agreement as the public listing shows it (27(a)(1)-(3)), with its provenance."""

    agreement_id: int
    title: str
    operator: str
    business_address: str | None
    products: tuple[str, ...]
    service_text: str | None  # the clause describing the service, when no product is named
    signing_date: date | None
    posting_date: date
    newly_posted: bool
    data_elements: tuple[str, ...]
    uses: tuple[str, ...]  # plain-language sentences: how used, to whom and why disclosed
    subcontractors: tuple[str, ...]
    subcontractor_url: str | None
    original_sha256: str
    original_name: str
    converted_pdf_sha256: str | None  # the PDF made from a Word upload
    redaction: RedactionApproval
    review: tuple[CheckRecord, ...]

    @property
    def pdf_file(self) -> str:
        """Where the redacted PDF is published, relative to the site root."""
        return f"agreements/{slug(self.operator)}-{self.agreement_id}.pdf"

    @property
    def operator_page(self) -> str:
        """The operator's page, relative to the site root."""
        return operator_page(self.operator)

    @property
    def product_text(self) -> str:
        """Product or service in one line for tables."""
        if self.products:
            return "; ".join(self.products)
        return self.service_text or "Not stated in the agreement"


@dataclass(frozen=True, slots=True)
class Withheld:
    """An agreement kept off the site, and why (shown to the director, never published)."""

    agreement_id: int
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class DistrictInfo:
    """The district's configured facts; ``None`` means the administrator has not set it."""

    name: str | None
    website_url: str | None
    privacy_officer_name: str | None
    privacy_officer_email: str | None
    privacy_officer_phone: str | None
    parents_rights_procedure: str | None

    @property
    def display_name(self) -> str:
        """The district's name, or a plain statement that it is not configured."""
        return self.name or "School district (name not configured)"


@dataclass(frozen=True, slots=True)
class BreachEntry:
    """One line of the 27(a)(5) breach list."""

    breach_id: int
    operator: str | None  # None: a breach of information the district itself maintains
    occurred_from: date | None
    occurred_to: date | None
    estimated: bool
    students_affected: int | None
    information_involved: str
    date_text: str


class OmissionRule(StrEnum):
    """The clause of 27(a)(5) that allows leaving a breach off the list."""

    UNDER_TEN_PERCENT = "27(a)(5)(i)"
    NO_PARENT_NOTICE = "27(a)(5)(ii)"
    BEFORE_JULY_2021 = "27(a)(5)(iii)"
    POSTED_WITHIN_FIVE_YEARS = "27(a)(5)(iv)"


@dataclass(frozen=True, slots=True)
class OmittedBreach:
    """A breach left off the public list, the rule that allowed it and why it applies."""

    breach_id: int
    operator: str | None
    rule: OmissionRule
    reason: str

    @property
    def line(self) -> str:
        """One sentence for the preview."""
        who = self.operator or "the district's own systems"
        return f"Breach #{self.breach_id} ({who}) left off under {self.rule.value}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Listing:
    """Everything the public listing shows, plus what was withheld (for the director only)."""

    district: DistrictInfo
    agreements: tuple[PostedAgreement, ...]
    breaches: tuple[BreachEntry, ...]
    omitted_breaches: tuple[OmittedBreach, ...] = ()  # 27(a)(5)(i)-(iv): for the director, not the site
    withheld: tuple[Withheld, ...] = ()
    generated_on: date = field(default_factory=date.today)

    def operators(self) -> tuple[str, ...]:
        """Distinct operator names, sorted."""
        return tuple(sorted({a.operator for a in self.agreements}, key=str.casefold))

    def agreements_of(self, operator: str) -> tuple[PostedAgreement, ...]:
        """The operator's posted agreements, oldest signing first."""
        mine = [a for a in self.agreements if a.operator == operator]
        return tuple(sorted(mine, key=lambda a: (a.signing_date or date.min, a.agreement_id)))


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since the previous publication (27(a)(3) lists must be kept current)."""

    first_publication: bool
    previous_manifest_sha256: str | None
    new_operators: tuple[str, ...] = ()
    removed_operators: tuple[str, ...] = ()
    subcontractors_added: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subcontractors_removed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    data_elements_added: dict[str, tuple[str, ...]] = field(default_factory=dict)
    data_elements_removed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replaced_agreements: tuple[int, ...] = ()  # same agreement, a different redacted file

    def lines(self) -> tuple[str, ...]:
        """The changes as sentences, for the index page, the app and the command line."""
        out = [f"New operator: {name}" for name in self.new_operators]
        out += [f"No longer listed: {name}" for name in self.removed_operators]
        for label, per_operator, sep in (
            ("new subcontractors", self.subcontractors_added, ", "),
            ("subcontractors removed", self.subcontractors_removed, ", "),
            ("new data elements", self.data_elements_added, "; "),
            ("data elements no longer listed", self.data_elements_removed, "; "),
        ):
            out += [f"{name}: {label}: {sep.join(items)}" for name, items in per_operator.items()]
        out += [f"A new redacted copy of agreement {n} was posted." for n in self.replaced_agreements]
        return tuple(out)

    @property
    def anything(self) -> bool:
        """Whether anything at all changed."""
        return bool(
            self.new_operators
            or self.removed_operators
            or self.subcontractors_added
            or self.subcontractors_removed
            or self.data_elements_added
            or self.data_elements_removed
            or self.replaced_agreements
        )

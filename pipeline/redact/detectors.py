"""Find personal identifiers in plain text: each detector returns ``(start, end, reason)`` spans.

Pure functions over a string, so they are tested on sentences without a PDF. Phone numbers come from
Google's ``phonenumbers`` library; routing numbers must pass the ABA checksum; account numbers and
tax ids need their label nearby, so an invoice or order number is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from pipeline.redact.types import RedactionReason

Span = tuple[int, int, RedactionReason]

# OCR of a scan puts stray spaces around "@" and between digits of a domain: tolerated, so scans are covered.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?: \d+)*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Local parts that name a role or a shared mailbox rather than a person.
_ROLE_WORDS = frozenset(
    {
        "privacy",
        "legal",
        "info",
        "information",
        "support",
        "notices",
        "notice",
        "security",
        "copyright",
        "contracts",
        "contract",
        "ar",
        "ap",
        "remit",
        "remittance",
        "billing",
        "invoices",
        "invoice",
        "accounts",
        "sales",
        "admin",
        "help",
        "helpdesk",
        "service",
        "services",
        "office",
        "contact",
        "contacts",
        "hello",
        "team",
        "dpo",
        "compliance",
        "abuse",
        "noreply",
        "no-reply",
        "webmaster",
        "postmaster",
        "hr",
        "careers",
        "press",
        "media",
        "techoffice",
        "tech",
        "it",
        "operations",
        "ops",
        "finance",
        "payments",
        "procurement",
        "purchasing",
        "records",
        "foia",
        "counsel",
        "general",
        "enquiries",
        "inquiries",
        "feedback",
        "students",
        "parents",
    }
)
_ROLE_FRAGMENTS = ("office", "team", "desk", "dept", "department", "support", "privacy", "noreply")
_NINE_DIGITS = re.compile(r"(?<![\d-])\d{9}(?![\d-])")
_ACCOUNT = re.compile(
    r"\b(?:account|acct\.?)\s*(?:number|no\.?|#)?\s*[:|#]?\s*\|?\s*(\d[\d -]{4,22}\d)", re.IGNORECASE
)
_TAX_ID = re.compile(r"(?<![\d-])\d{2}-\d{7}(?![\d-])")
_TAX_LABEL = re.compile(r"\b(?:EIN|FEIN|TIN|tax\s+(?:id|identification)|employer\s+identification)", re.I)
_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_BANK_CONTEXT = re.compile(r"\b(bank|ACH|wire|remit\w*|deposit)\b", re.IGNORECASE)
_ROUTING_LABEL = re.compile(r"\b(?:ABA|routing|RTN|transit)\b", re.IGNORECASE)


def is_role_address(address: str) -> bool:
    """True for shared mailboxes (privacy@, legal@, billing@ ...), which are not personal data."""
    local = address.split("@", 1)[0].strip().lower()
    if local in _ROLE_WORDS:
        return True
    parts = re.split(r"[._+-]", local)
    return all(p in _ROLE_WORDS or p.isdigit() for p in parts) or any(f in local for f in _ROLE_FRAGMENTS)


def aba_checksum_ok(digits: str) -> bool:
    """The ABA routing-number checksum: 3-7-1 weights summing to a multiple of ten."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def find_emails(text: str) -> list[Span]:
    """Personal email addresses (role mailboxes are left readable)."""
    return [
        (m.start(), m.end(), RedactionReason.EMAIL)
        for m in _EMAIL.finditer(text)
        if not is_role_address(m.group())
    ]


def find_phones(text: str, region: str = "US") -> list[Span]:
    """Phone numbers as ``phonenumbers`` reads them (possible numbers: fictional 555 ones included)."""
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    return [
        (m.start, m.end, RedactionReason.PHONE)
        for m in matcher
        if _digits(m.raw_string) >= 10 and _formatted(m.raw_string)
    ]


def find_routing_numbers(text: str) -> list[Span]:
    """Nine-digit bank routing numbers.

    A number labelled as a routing number is redacted even when its ABA checksum fails (a mistyped bank
    detail is still a bank detail); an unlabelled one needs a valid checksum and a bank word nearby.
    """
    spans: list[Span] = []
    for m in _NINE_DIGITS.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        labelled = bool(_ROUTING_LABEL.search(before))
        banking = aba_checksum_ok(m.group()) and bool(
            _BANK_CONTEXT.search(text[max(0, m.start() - 80) : m.end() + 80])
        )
        if labelled or banking:
            spans.append((m.start(), m.end(), RedactionReason.ROUTING_NUMBER))
    return spans


def find_account_numbers(text: str) -> list[Span]:
    """Digits following an "account number" label (spaces and dashes inside kept)."""
    return [(m.start(1), m.end(1), RedactionReason.ACCOUNT_NUMBER) for m in _ACCOUNT.finditer(text)]


def find_tax_ids(text: str) -> list[Span]:
    """EINs (NN-NNNNNNN near a tax-id label) and social security numbers (NNN-NN-NNNN)."""
    spans: list[Span] = [
        (m.start(), m.end(), RedactionReason.TAX_ID)
        for m in _TAX_ID.finditer(text)
        if _TAX_LABEL.search(text[max(0, m.start() - 80) : m.start()])
    ]
    spans += [(m.start(), m.end(), RedactionReason.SSN) for m in _SSN.finditer(text)]
    return spans


def find_terms(text: str, terms: Iterable[str], patterns: Iterable[re.Pattern[str]]) -> list[Span]:
    """The reviewer's literal terms (case-insensitive) and regular expressions."""
    spans: list[Span] = []
    for term in terms:
        if term.strip():
            rx = re.compile(r"\s+".join(re.escape(t) for t in term.split()), re.IGNORECASE)
            spans += [(m.start(), m.end(), RedactionReason.REVIEWER_TERM) for m in rx.finditer(text)]
    for pattern in patterns:
        spans += [
            (m.start(), m.end(), RedactionReason.REVIEWER_PATTERN)
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
    return spans


def find_identifiers(text: str) -> list[Span]:
    """Every built-in detector over ``text``."""
    return (
        find_emails(text)
        + find_phones(text)
        + find_routing_numbers(text)
        + find_account_numbers(text)
        + find_tax_ids(text)
    )


def _formatted(raw: str) -> bool:
    """Written as a phone number (separators or a +), not a bare run of digits such as an account."""
    return raw.startswith("+") or not raw.isdigit()


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)

"""Public contact details that 105 ILCS 85/27(d)(4)-(5) require on every parent breach notice.

The nationwide consumer reporting agencies and the Federal Trade Commission publish these on their
own websites (numbers for fraud alerts, security freezes and identity theft). They change rarely,
but they do change: ``CHECKED_ON`` says when they were last compared with the agencies' pages, and
the district should compare them again before mailing a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CHECKED_ON = date(2026, 11, 23)


@dataclass(frozen=True, slots=True)
class PublicContact:
    """An organisation's toll-free number, postal address and website(s)."""

    name: str
    toll_free: str
    address: tuple[str, ...]
    websites: tuple[str, ...]


CONSUMER_REPORTING_AGENCIES: tuple[PublicContact, ...] = (
    PublicContact(
        name="Equifax",
        toll_free="1-800-685-1111",
        address=("Equifax Information Services LLC", "P.O. Box 105788", "Atlanta, GA 30348-5788"),
        websites=("https://www.equifax.com/personal/credit-report-services/",),
    ),
    PublicContact(
        name="Experian",
        toll_free="1-888-397-3742",
        address=("Experian", "P.O. Box 9554", "Allen, TX 75013"),
        websites=("https://www.experian.com/help/",),
    ),
    PublicContact(
        name="TransUnion",
        toll_free="1-888-909-8872",
        address=("TransUnion", "P.O. Box 160", "Woodlyn, PA 19094"),
        websites=("https://www.transunion.com/credit-help",),
    ),
)

FEDERAL_TRADE_COMMISSION = PublicContact(
    name="Federal Trade Commission",
    toll_free="1-877-438-4338 (1-877-ID-THEFT)",
    address=("Federal Trade Commission", "600 Pennsylvania Avenue NW", "Washington, DC 20580"),
    websites=("https://www.identitytheft.gov", "https://consumer.ftc.gov"),
)

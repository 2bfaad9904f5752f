"""US postal addresses in agreement text: the operator's business address (105 ILCS 85/27(a)(2)).

Agreements write an address every way the Postal Service accepts and some it does not: a state
code or the state written out ("Madison, Wisconsin 53718"), ZIP or ZIP+4, a suite, floor or room
line, a building before the street ("311 Hollis Hall, 900 West University Drive"), a P.O. box,
spread over two or three lines of a letterhead or a table cell, or inline in a sentence
("whose business address is ..."). Reading them in two steps keeps detection fast and general:

1. a cheap anchor, built from the table of states below: a state (name or code) followed by a
   ZIP code, or a state name right after a ", City," with no ZIP;
2. ``usaddress`` (a trained CRF tagger) cuts the text before the anchor, and the address starts
   at the street number, spelled number or box that opens its trailing run of address tags.

A candidate that has no street (or box) and no city is no address: "Section 5, Illinois 60625"
or a date or a dollar figure never reaches the tagger or fails it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import usaddress

# The 50 states, the District of Columbia and Puerto Rico, as USPS names and codes them.
STATES: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Puerto Rico": "PR", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip

_NAMES = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(STATES, key=len, reverse=True))
_CODES = "|".join(sorted(STATES.values())) + r"|D\.C\."
_ZIP = r"\d{5}(?:-\d{4})?(?![\d-])"
# A state (any case when written out, capitals when a code) then its ZIP code.
_STATE_ZIP = re.compile(rf"(?<![A-Za-z])(?P<state>(?i:{_NAMES})|{_CODES})\.?,?\s+(?P<zip>{_ZIP})")
# "..., Chicago, Illinois" with no ZIP: a written-out state right after a capitalised city.
_CITY_STATE = re.compile(
    rf",\s+[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]+){{0,2}},?\s+(?P<state>{_NAMES})(?![A-Za-z])(?!\.?,?\s*\d)"
)
_REACH = 240  # characters before the anchor handed to the tagger: a street, a suite and a city

_ADDRESS_TAGS = frozenset(
    {
        "AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix", "StreetName",
        "StreetNamePreDirectional", "StreetNamePreModifier", "StreetNamePreType",
        "StreetNamePostDirectional", "StreetNamePostModifier", "StreetNamePostType",
        "OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier",
        "BuildingName", "LandmarkName", "USPSBoxType", "USPSBoxID", "USPSBoxGroupType",
        "USPSBoxGroupID", "PlaceName", "StateName", "ZipCode", "CornerOf", "IntersectionSeparator",
    }
)  # fmt: skip
_SPELLED = frozenset(
    {
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("eleven", "twelve", "fifteen", "twenty", "hundred"),
    }
)
_BOX = re.compile(r"(?i)^(p\.?\s?o\.?|post|box)\b")
# A line that may sit before the street line: "311 Hollis Hall", "Suite 400", "3rd Floor".
_LEADING_LINE = re.compile(
    r"^(?:\d+[A-Za-z\-]*\s+[A-Z][\w.'’\-]*(?:\s+[A-Z0-9][\w.'’\-]*){0,4}"
    r"|(?i:suite|ste\.?|floor|fl\.?|room|rm\.?|unit|building|bldg\.?)\s+[\w\-]+|#\s*\w+)$"
)


@dataclass(frozen=True, slots=True)
class Address:
    """An address found in a text: its character span and the address as written."""

    start: int
    end: int
    text: str
    state: str  # the two-letter USPS code, whichever way it was written
    zip_code: str | None


def find_addresses(text: str) -> list[Address]:
    """Every US street or box address in ``text``, in order, without overlaps."""
    anchors = sorted({m.end(): m for m in (*_STATE_ZIP.finditer(text), *_CITY_STATE.finditer(text))}.items())
    found: list[Address] = []
    floor = 0
    for end, anchor in anchors:
        if end <= floor:
            continue
        address = _address_ending_at(text, anchor, floor)
        if address is not None:
            found.append(address)
            floor = address.end
    return found


def first_address(text: str) -> Address | None:
    """The first address in ``text``, or None."""
    anchor = _first_anchor(text)
    while anchor is not None:
        address = _address_ending_at(text, anchor, 0)
        if address is not None:
            return address
        anchor = _first_anchor(text, anchor.end())
    return None


def join_lines(lines: Iterable[str]) -> str:
    """Lines of a letterhead or table cell as one address text: "1 Main St, Suite 2, Town, ST ..."."""
    parts = [" ".join(line.split()).strip(" ,;·|") for line in lines]
    return ", ".join(p for p in parts if p)


def _first_anchor(text: str, pos: int = 0) -> re.Match[str] | None:
    found = [m for m in (_STATE_ZIP.search(text, pos), _CITY_STATE.search(text, pos)) if m]
    return min(found, key=lambda m: m.end(), default=None)


def _address_ending_at(text: str, anchor: re.Match[str], floor: int) -> Address | None:
    """The address that ends with ``anchor`` (its state and ZIP), or None when the tagger finds none."""
    end, zip_code = anchor.end(), anchor.groupdict().get("zip")
    has_zip = zip_code is not None
    offset = max(floor, end - _REACH)
    head = text[offset:end]
    tokens = _tokens(head)
    if not tokens:
        return None
    first = len(tokens)
    while first > 0 and tokens[first - 1][3] in _ADDRESS_TAGS:
        first -= 1
    for index in range(first, len(tokens)):
        if _opens_address(tokens, index) and _complete(tokens[index:], has_zip):
            start = _leading_lines(head, tokens[index][0])
            written = " ".join(head[start:].split()).strip(" ,;")
            return Address(offset + start, end, written, state_code(anchor.group("state")), zip_code)
    return None


def _tokens(head: str) -> list[tuple[int, int, str, str]]:
    """``usaddress`` tokens with their place in ``head`` (it drops lone punctuation)."""
    try:
        tagged = usaddress.parse(head)
    except Exception:  # noqa: BLE001 - the CRF tagger rejects odd input; no address then
        return []
    out, cursor = [], 0
    for token, tag in tagged:
        cursor = head.find(token, cursor)
        if cursor < 0:
            return []
        out.append((cursor, cursor + len(token), token, tag))
        cursor += len(token)
    return out


def _opens_address(tokens: list[tuple[int, int, str, str]], index: int) -> bool:
    """A street number, a spelled one ("One Market Plaza") or a post-office box, whose line goes on
    past it ("5," alone, as in "Section 5, Illinois", opens nothing)."""
    _, _, token, tag = tokens[index]
    if tag == "USPSBoxType":
        opens = bool(_BOX.match(token))
    else:
        opens = token[0].isdigit() or token.lower().strip(",") in _SPELLED
    return opens and not token.endswith(",") and index + 1 < len(tokens)


def _complete(tokens: list[tuple[int, int, str, str]], has_zip: bool) -> bool:
    """A street (or box or building) and a city; without a ZIP, a numbered street and a city."""
    tags = {tag for *_, tag in tokens}
    street = bool(tags & {"StreetName", "USPSBoxID", "BuildingName", "LandmarkName"})
    if has_zip:
        return street and bool(tags & {"PlaceName", "ZipCode"})
    return {"AddressNumber", "StreetName", "PlaceName", "StateName"} <= tags


def _leading_lines(head: str, start: int) -> int:
    """Move ``start`` back over up to two comma-separated lines that belong before the street."""
    for _ in range(2):
        before = head[:start].rstrip()
        if not before.endswith(","):
            break
        cut = before[:-1].rfind(",")
        line = before[cut + 1 : -1].strip()
        if not _LEADING_LINE.match(line):
            break
        start = head.index(line, cut + 1)
    return start


def state_code(state: str) -> str:
    """The USPS code of a state written out or coded ("Illinois", "ILLINOIS", "IL", "D.C.")."""
    key = " ".join(state.split()).lower()
    by_name = {name.lower(): code for name, code in STATES.items()}
    return by_name.get(key) or key.replace(".", "").upper()


_PARTS = {
    "Occupancy": "unit",
    "Subaddress": "unit",
    "BuildingName": "building",
    "LandmarkName": "building",
    "USPSBox": "box",
    "PlaceName": "city",
    "StateName": "state",
    "ZipCode": "state",  # a ZIP stays on its state's line: "Illinois 60625"
}


def address_parts(text: str) -> list[tuple[int, int, str]]:
    """Each token of an address with the line of an envelope it belongs to ("street", "unit",
    "building", "box", "city", "state"): where a printed line break should read as a comma."""
    parts = []
    for start, end, _, tag in _tokens(text):
        part = next((v for k, v in _PARTS.items() if tag.startswith(k)), "street")
        parts.append((start, end, part))
    return parts

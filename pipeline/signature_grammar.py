"""The grammar of signature blocks: the labels drafters print and the shape of a signer's name.

Segmentation (where a signature block starts and how its lines group), detection (who signed for the
district, as what, when) and redaction (which name and which signing area to hide) read the same printed
forms, so the forms are written once, here. Each reader asks its own question of them, so each pattern
below names the labels it accepts; where two readers accept different labels, the comment says why.
"""

from __future__ import annotations

import re

# The labels of a signature block as drafted, lower case; a space stands for any run of spaces.
BY = "by"
SIGNATURE = "signature"
SIGNED = "signed"  # heads the signature line ("Signed: ____") or, as in "Signed: May 2, 2026", the date
SIGN = "sign"
NAME = "name"
PRINTED_NAME = "printed name"
PRINT_NAME = "print name"
SIGNER = "signer"
SIGNATORY = "signatory"
SIGNED_BY = "signed by"
TITLE = "title"
ITS = "its"  # "Its: Superintendent": the capacity in which the signer signs
POSITION = "position"
DATE = "date"
DATE_SIGNED = "date signed"
DATED = "dated"
EMAIL = "email"
E_MAIL = "e-mail"
PHONE = "phone"
TELEPHONE = "telephone"
TEL = "tel"
ADDRESS = "address"
WITNESS = "witness"
ATTEST = "attest"

SIGN_LINE = (BY, SIGNATURE, SIGNED)  # the line the signer signs on
NAME_LINE = (PRINTED_NAME, PRINT_NAME, NAME)  # the signer's name typed or printed
TITLE_LINE = (TITLE, ITS)

SIGNATURE_RULE = r"_{4,}"  # a line drawn to sign on
BLANK = r"_{2,}"  # the blank of a field left to fill in
CONFORMED = r"/s/"  # a conformed signature: "/s/ Jane Roe"
RULE_CHARACTERS = "_.-\u2013\u2014"  # what a typed signature or date line is drawn with

# The field each label fills: "Its:" is the title, "Dated:" the date, "Printed Name:" the name.
_FIELD_ALIASES = {
    ITS: TITLE,
    SIGNED: DATE,
    DATED: DATE,
    E_MAIL: EMAIL,
    TELEPHONE: PHONE,
    TEL: PHONE,
}


def labels(*forms: str) -> str:
    """A regex alternation of label forms, longest first (so "Date Signed" wins over "Date")."""
    ordered = sorted(dict.fromkeys(forms), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in ordered) + ")"


def field_of(label: str) -> str:
    """The field a printed label fills, by its last word: "Printed Name" -> "name", "Its" -> "title"."""
    word = label.lower().split()[-1]
    return _FIELD_ALIASES.get(word, word)


# --- Lines of a block, as segmentation reads them --------------------------------------------------

# Labels that open a line of a signature block. "Dated:" and "Tel:" are not among them: a paragraph
# opening with them is left to the prose rules.
_BLOCK_LABELS: tuple[str, ...] = (*SIGN_LINE, *NAME_LINE, *TITLE_LINE, DATE, DATE_SIGNED, EMAIL, E_MAIL)
_BLOCK_LABELS += (PHONE, TELEPHONE, ADDRESS, WITNESS, ATTEST)
BLOCK_LINE = re.compile(rf"^{labels(*_BLOCK_LABELS)}\s*:|^{SIGNATURE_RULE}", re.IGNORECASE)
# The first word of such a line: a cheap test before ``BLOCK_LINE`` is tried on a whole line.
BLOCK_LINE_START = re.compile(
    rf"^(?:{labels(*(form.split()[0] for form in _BLOCK_LABELS))}|{SIGNATURE_RULE})", re.IGNORECASE
)
# A field a signer fills in, anywhere in a paragraph: the paragraph already holds one signer.
SIGNER_FIELD = re.compile(rf"\b{labels(BY, NAME, TITLE, DATE)}\s*:", re.IGNORECASE)

# --- Fields of a block, as detection reads them ----------------------------------------------------

# A labelled field and its value, one per printed line. "Witness:"/"Attest:" open no signer's field.
FIELD = re.compile(
    rf"^(?P<label>{labels(BY, *NAME_LINE, *TITLE_LINE, DATE, DATE_SIGNED, DATED, SIGNED, SIGNATURE)}"
    rf"|{labels(EMAIL, E_MAIL, PHONE, TELEPHONE, TEL, ADDRESS)})\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# A word that is a label on its own ("By:", "Dated:"): the words that line up in a block's column.
ANCHOR = re.compile(rf"^{labels(BY, NAME, *TITLE_LINE, DATE, DATED, SIGNED, SIGNATURE)}:$", re.IGNORECASE)
# A further label inside a field's value: "By: ____ Printed Name: ____" prints two fields on one line.
INLINE_LABEL = re.compile(
    rf"(?:^|(?<=\s))({labels(*NAME_LINE, *TITLE_LINE, DATE, DATE_SIGNED, DATED, SIGNATURE)}"
    rf"|{labels(EMAIL, E_MAIL, PHONE, TELEPHONE)})\s*:\s*",
    re.IGNORECASE,
)
# A label (its colon optional) before the value of an unlabelled block's line or a table cell.
LABEL_PREFIX = re.compile(
    rf"^{labels(BY, *NAME_LINE, *TITLE_LINE, DATED, DATE, DATE_SIGNED, SIGNED, SIGNATURE)}\s*:?\s*",
    re.IGNORECASE,
)
# "Dana Roe, Superintendent": a printed name and the title after its comma.
NAME_AND_TITLE = re.compile(r"^(?P<name>[^,]+),\s*(?P<title>[A-Z][^,]{2,80})$")

# Column headings of a signature table ("Party | Name | Title | Date"). A name heading is read by
# its start ("Name of signer", "Signer's name"), the others as the whole heading.
TABLE_NAME_HEADING = re.compile(
    rf"^{labels(*NAME_LINE)}|{labels(SIGNER, SIGNATORY)}|{labels(SIGNED_BY)}$", re.IGNORECASE
)
TABLE_DATE_HEADING = re.compile(rf"^{labels(DATE, DATE_SIGNED)}$", re.IGNORECASE)
TABLE_TITLE_HEADING = re.compile(rf"^{labels(TITLE, POSITION, ITS)}$", re.IGNORECASE)
TABLE_PARTY_HEADING = re.compile(
    rf"^{labels('party', 'for', 'organization', 'organisation', 'entity', 'institution', 'signing for')}$",
    re.IGNORECASE,
)

# --- Lines of a block, as redaction reads them -----------------------------------------------------

# The labels a signer's name follows: a name label, or the signer's own ("Signer:", "Signed by:").
NAME_LABEL = re.compile(rf"^{labels(*NAME_LINE, SIGNER, SIGNED_BY)}\s*:\s*", re.IGNORECASE)
# The signature line's label, with a conformed signature after it.
SIGN_LABEL = re.compile(rf"^{labels(*SIGN_LINE)}\s*:\s*(?:{CONFORMED}\s*)?", re.IGNORECASE)
# Any label ("Title:", "Title/Position:", "E-mail:") ends a value: names hold no colon.
ANY_LABEL = re.compile(r"\s*\b(?:(?:Printed|Print|Date|E-?mail)\s+)?[A-Za-z][A-Za-z/\-]*\s*:", re.IGNORECASE)
# A line that is only a rule to sign or date on.
RULE = re.compile(rf"^[{re.escape(RULE_CHARACTERS)}\s]{{4,}}$")
# One word that labels where a signer signs or is named, as a scan reads it ("Sign:" too).
SIGN_WORDS = frozenset(f"{form}:" for form in (*SIGN_LINE, SIGN))
NAME_WORDS = frozenset({f"{NAME}:"})

# --- The shape of a person's name ------------------------------------------------------------------

# Two to four capitalised words (initials and hyphens inside): a person's name as printed.
PERSON_WORDS = r"[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]*){1,3}"
# A name printed under a signature, alone on its line: an honorific before, a degree or suffix after.
PERSON = re.compile(rf"^(?:(?:Dr|Mr|Mrs|Ms|Mx)\.?\s+)?{PERSON_WORDS}(?:,\s*(?:Ed\.?D|Ph\.?D|Jr|Sr)\.?)?$")

# Redaction asks a stricter question than ``PERSON``: whether a line is nothing but a name, so a wrong
# answer hides a company or an office. Each word is a capitalised name, an initial or a suffix, and none
# is a company's or office's word.
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zA-Z'\u2019-]+\.?|[A-Z]\.|(?:Jr|Sr|II|III|IV)\.?,?)$")
_NOT_A_PERSON = frozenset(
    {
        *("inc", "inc.", "llc", "ltd", "corp", "co.", "company", "corporation"),
        *("district", "school", "schools", "board", "education", "university", "college"),
        *("county", "city", "state", "department"),
        *("provider", "operator", "vendor", "customer", "lea", "the", "of"),
    }
)


def only_a_name(text: str) -> bool:
    """Two to five capitalised words with no company or office word: a person's name and nothing else."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(_NAME_WORD.match(w) and w.casefold().strip(",") not in _NOT_A_PERSON for w in words)

"""Tesseract's reading of one page image, upright or turned: ``read_upright``.

Orientation: most scans are upright, and orientation-and-script detection (OSD) costs about half
an OCR run and is unreliable on a single page, so the page is first read as it is. Only when that
reading is poor is OSD asked which way the page is turned; each candidate turn is then checked
by OCR confidence (OSD's hint first), and the best reading wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import NamedTuple

import numpy as np
from PIL import Image

from pipeline.errors import ParseError
from pipeline.parse.ocr_mend import mend_addresses

RETRY_ORIENTATION_BELOW = 55.0  # an upright reading this poor may be a page scanned turned
GOOD_READING = 75.0  # a turned reading this good is accepted without trying further turns
MIN_OSD_CONFIDENCE = 1.0  # below this, OSD's answer is only tried after 180 degrees
_TURNS = (180, 90, 270)


class RawWord(NamedTuple):
    """One word as Tesseract reports it, in the pixels of the image it read."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float
    line: int  # block, paragraph and line numbers folded into one key


@dataclass(frozen=True, slots=True)
class Reading:
    """Tesseract's words in image pixels, before mapping to the page."""

    words: tuple[RawWord, ...]
    rotation: int

    @property
    def mean_confidence(self) -> float:
        return fmean(w.conf for w in self.words) if self.words else 0.0

    @property
    def score(self) -> float:
        """Total confidence: a turn that reads a few words confidently must not beat one reading all."""
        return sum(w.conf for w in self.words)


def read_upright(image_path: Path) -> Reading:
    """Read the page as it is; if that reading is poor, try the turns OSD and confidence suggest."""
    best = _tesseract(image_path, 0)
    if not best.words or best.mean_confidence >= RETRY_ORIENTATION_BELOW:
        return best  # upright and readable, or blank: a turn cannot help
    for turn in _candidate_turns(image_path):
        reading = _tesseract(_turned_copy(image_path, turn), turn)
        if reading.score > best.score:
            best = reading
        if best.mean_confidence >= GOOD_READING:
            break
    return best


def _candidate_turns(image_path: Path) -> list[int]:
    """Clockwise turns to try, OSD's suggestion first when it is confident enough."""
    import pytesseract  # imported where used: it imports pandas (~0.6 s), which only OCR needs

    try:
        osd = pytesseract.image_to_osd(str(image_path), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # "Too few characters": nothing to orient by
        return list(_TURNS)
    hinted = int(osd.get("rotate", 0)) % 360
    if hinted == 0 or float(osd.get("orientation_conf", 0.0)) < MIN_OSD_CONFIDENCE:
        return list(_TURNS)
    return [hinted, *(turn for turn in _TURNS if turn != hinted)]


def _turned_copy(image_path: Path, turn: int) -> Path:
    """The page image turned ``turn`` degrees clockwise (PIL turns counter-clockwise)."""
    transpose = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    target = _turned_path(image_path, turn)
    with Image.open(image_path) as image:
        image.transpose(transpose[turn]).save(target)
    return target


def _turned_path(image_path: Path, turn: int) -> Path:
    return image_path.with_name(f"turned-{turn}.pgm")


def image_read(image_path: Path, rotation: int) -> np.ndarray:
    """The image the reading's boxes refer to (the turned copy for a page read turned), as dark pixels."""
    path = image_path if rotation == 0 else _turned_path(image_path, rotation)
    with Image.open(path) as image:
        return np.asarray(image.convert("L")) < 128


def mended(reading: Reading) -> Reading:
    """The reading with web and e-mail addresses that Tesseract split at a glyph gap joined again."""
    words = mend_addresses(
        reading.words,
        text=lambda w: w.text,
        line=lambda w: w.line,
        span=lambda w: (w.x0, w.x1),
        join=_join_raw,
    )
    return reading if len(words) == len(reading.words) else Reading(tuple(words), reading.rotation)


def _join_raw(left: RawWord, right: RawWord) -> RawWord:
    """One word of two neighbours on a line: both boxes, the weaker confidence."""
    return RawWord(
        left.text + right.text,
        min(left.x0, right.x0),
        min(left.y0, right.y0),
        max(left.x1, right.x1),
        max(left.y1, right.y1),
        min(left.conf, right.conf),
        left.line,
    )


def _tesseract(image_path: Path, rotation: int) -> Reading:
    """Run Tesseract once and keep the words it actually read (level 5 rows with text)."""
    import pytesseract  # imported where used: see _candidate_turns

    try:
        data = pytesseract.image_to_data(str(image_path), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise ParseError("OCR is not available: the Tesseract program is not installed.") from exc
    except pytesseract.TesseractError as exc:
        raise ParseError(f"OCR failed on this page ({exc.message}).") from exc
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if data["level"][i] != 5 or conf < 0 or not text.strip():
            continue
        x0, y0 = float(data["left"][i]), float(data["top"][i])
        line = data["block_num"][i] * 10_000 + data["par_num"][i] * 100 + data["line_num"][i]
        words.append(RawWord(text.strip(), x0, y0, x0 + data["width"][i], y0 + data["height"][i], conf, line))
    return Reading(tuple(words), rotation)

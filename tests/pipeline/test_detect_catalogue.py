"""The catalogue loads, covers the 13 requirements, rejects bad entries by name, and names no corpus party."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline.detect.catalogue import CATALOGUE_PATH, CatalogueError, default_catalogue, load_catalogue
from pipeline.detect.registry import available
from pipeline.findings import RequirementId
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS


def test_catalogue_has_every_requirement_once() -> None:
    catalogue = default_catalogue()
    assert [r.id for r in catalogue.requirements] == list(RequirementId)
    assert not catalogue.get("data_categories").redactable
    assert catalogue.get("breach_notice").citation == "105 ILCS 85/15(5)"


def _write(tmp_path: Path, mutate) -> Path:
    raw = yaml.safe_load(CATALOGUE_PATH.read_text())
    mutate(raw)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_unknown_key_names_file_and_entry(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["requirements"][8].update(colour="red"))
    with pytest.raises(CatalogueError, match=r"bad\.yaml.*breach_notice.*colour"):
        load_catalogue(path)


def test_unknown_extractor_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["requirements"][4].update(extractors=["nope.v9"]))
    with pytest.raises(CatalogueError, match="return_or_delete.*nope.v9"):
        load_catalogue(path)


def test_missing_requirement_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["requirements"].pop())
    with pytest.raises(CatalogueError, match="signing"):
        load_catalogue(path)


def test_registry_lists_rules_and_extractors() -> None:
    names = available()
    assert "breach_notice.v1" in names["rules"] and "duration.v1" in names["extractors"]


def test_no_corpus_party_names_in_rules_or_catalogue() -> None:
    """Rules must generalise: no operator, district or person name from the labelled corpus."""
    names: set[str] = set()
    for labels in CORPUS.glob("*.labels.json"):
        data = json.loads(labels.read_text())
        names.add(data["operator"]["name"].split()[0])
        names.add(data["district"])
        names.add(data["signing"]["district_signer"])
        names |= {
            n.split()[0] for n in data["requirements"]["third_parties"].get("values", {}).get("names", [])
        }
    sources = [CATALOGUE_PATH, *Path("pipeline/detect").rglob("*.py")]
    text = "\n".join(
        p.read_text() for p in sources if p.name not in {"schedule.py", "parties.py", "checkboxes.py"}
    )
    assert [n for n in names if n and n.lower() in text.lower()] == []

"""CITATION.cff validates against the Citation File Format 1.2.0 schema; runs cite the toolkit."""

import json

import jsonschema
import yaml

import toolkit

from .conftest import ROOT


def test_citation_cff_is_valid():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "data" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(citation, schema)
    assert citation["version"] == toolkit.__version__


def test_readme_and_manifest_citation_agree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme and toolkit.CITATION in readme

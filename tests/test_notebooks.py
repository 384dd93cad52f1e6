"""Every notebook in notebooks/ runs top to bottom, shows a figure, and its committed outputs are
what running it gives now (they are written by notebooks/execute.py, never by hand)."""

from pathlib import Path

import nbformat
import pytest

from .conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def _execute_module():
    return load_script("notebooks/execute.py")


def shown_text(notebook) -> list[list[str]]:
    """Per code cell, its printed text and its tables (progress bars, widgets and stderr left out:
    they carry timings and random widget ids)."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                if output.get("name") == "stdout":
                    texts.append(output["text"])
            elif WIDGET not in output.get("data", {}):
                data = output.get("data", {})
                texts.extend(str(data[kind]) for kind in ("text/html", "text/plain") if kind in data and "image/png" not in data)
        cells.append(texts)
    return cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_shows_figures_and_matches_its_committed_outputs(path):
    committed = nbformat.read(path, as_version=4)
    executed = _execute_module().execute(path)
    images = [output for cell in executed.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    assert images, f"{path.name} shows no figure"
    assert shown_text(committed) == shown_text(executed), (
        f"{path.name}: the committed outputs differ from a fresh run; rerun python notebooks/execute.py {path.name}")
    committed_images = sum("image/png" in output.get("data", {}) for cell in committed.cells
                           if cell.cell_type == "code" for output in cell.get("outputs", []))
    assert committed_images == len(images)


def test_explorer_labels_isolate_arabic_names():
    explorer = nbformat.read(ROOT / "notebooks" / "03_alignment_explorer.ipynb", as_version=4)
    state = explorer.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    labels = [label for model in state.values() if model.get("model_name") == "DropdownModel"
              for label in model["state"].get("_options_labels", [])]
    arabic = [label for label in labels if any("\u0600" <= char <= "\u06ff" for char in label)]
    assert labels and arabic, "the demo's picker should name some Arabic places"
    assert all("\u2068" in label and "\u2069" in label for label in arabic)
    # every incident label names its main place, never "no place" when the incident has one
    assert not [label for label in labels if label.startswith("inc-") and "no place" in label]

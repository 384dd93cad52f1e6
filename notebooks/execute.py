"""Execute the notebooks in place, so that the committed notebooks show their outputs on a static viewer.

    python notebooks/execute.py                 # every notebook in this folder
    python notebooks/execute.py 03_alignment_explorer.ipynb

Outputs are regenerated, never edited by hand: tests/test_notebooks.py executes each notebook
again and fails when a text or table output differs from the committed one. The widgets' state
is saved with the notebook, so JupyterLab shows the explorer before any cell is run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def execute(path: Path) -> nbformat.NotebookNode:
    """``path`` run top to bottom in a fresh kernel, from its own folder (as a user runs it)."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=900, kernel_name="python3", record_timing=False, store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebooks of this folder (default: all)")
    args = parser.parse_args()
    paths = [HERE / name for name in args.names] or sorted(HERE.glob("*.ipynb"))
    for path in paths:
        nbformat.write(execute(path), path)
        print(f"executed {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()

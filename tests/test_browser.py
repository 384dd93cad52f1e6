"""The alignment explorer as a user sees it: JupyterLab headless on the loopback address, notebook 03
run in a real browser (Playwright driving Chromium), the widget rendered, and a change of incident
re-rendering the table.

Needs a Chromium: `.ci/run` installs Debian's `chromium` where it can; elsewhere set CHROMIUM to a
browser binary. Without one the test is skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium, "
                                                          "or set CHROMIUM to a browser binary)")
TOKEN = "crosstally-browser-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 over a copy of notebook 03 (so autosave never touches the repository)."""
    (tmp_path / "notebooks").mkdir()
    # Without its committed outputs and widget state, so that what the page shows is this run's.
    notebook = nbformat.read(ROOT / "notebooks" / "03_alignment_explorer.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, tmp_path / "notebooks" / "03_alignment_explorer.ipynb")
    (tmp_path / "configs").symlink_to(ROOT / "configs")
    # Render every cell (no windowing), so that the widget is in the page wherever it is scrolled to.
    settings = tmp_path / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}', encoding="utf-8")
    port = _free_port()
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
                   "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={tmp_path}", "--LabApp.news_url=",
         f"--LabApp.workspaces_dir={tmp_path / 'ws'}", f"--LabApp.user_settings_dir={tmp_path / 'lab-settings'}", *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=environment, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "lab.log", "wb"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text(errors="replace")[-2000:])
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)


def _accept_dialogs(page) -> None:
    """Accept any dialog JupyterLab shows (the kernel picker offers the notebook's own kernel)."""
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    while accept.count():
        accept.first.click()
        page.wait_for_timeout(500)


def test_explorer_widget_renders_and_follows_the_incident_picker(lab, tmp_path):
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{lab}/lab/tree/notebooks/03_alignment_explorer.ipynb?token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
        page.wait_for_timeout(3_000)  # JupyterLab may still ask which kernel to start
        for _attempt in range(5):  # a click before the kernel is connected runs nothing: try again
            _accept_dialogs(page)
            page.click(".lm-MenuBar-itemLabel:text-is('Run')")
            page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
            try:
                page.wait_for_selector(".jp-InputPrompt:has-text('[1]'), .jp-InputPrompt:has-text('[*]')",
                                       timeout=15_000)
                break
            except playwright_api.Error:
                continue
        else:
            page.screenshot(path=str(tmp_path / "explorer-failed.png"), full_page=True)
            pytest.fail("Run All Cells started no cell in five tries (screenshot: explorer-failed.png)")

        incident = page.locator(".widget-dropdown select").first
        try:
            incident.wait_for(state="attached", timeout=120_000)
        except playwright_api.Error:
            page.screenshot(path=str(tmp_path / "explorer-failed.png"), full_page=True)
            raise
        incident.scroll_into_view_if_needed()
        table = page.locator(".widget-html-content table").first
        table.wait_for(state="attached", timeout=120_000)
        title = page.locator(".widget-html-content h4").first
        before = title.inner_text()
        assert page.locator(".widget-html-content td[dir='rtl']").count() > 0  # Arabic sentences set right to left
        assert "padding" in (table.locator("td").first.get_attribute("style") or "")

        # ipywidgets writes the labels' spaces as no-break spaces
        options = [label.replace("\xa0", " ") for label in incident.locator("option").all_inner_texts()]
        others = [label for label in options if not label.startswith(before.split(" · ")[0])]
        assert others, f"the picker offers one incident only: {options}"
        other = others[0]
        incident.select_option(index=options.index(other))
        other_id = other.split(" · ")[0]
        deadline = time.monotonic() + 60
        while not title.inner_text().startswith(other_id) and time.monotonic() < deadline:
            time.sleep(0.5)
        after = title.inner_text()
        page.screenshot(path=str(tmp_path / "explorer.png"), full_page=False)
        browser.close()
    assert after != before and after.startswith(other_id)
    arabic = [label for label in options if any("\u0600" <= char <= "\u06ff" for char in label)]
    assert arabic, "the demo's picker should name some Arabic places"
    assert all("\u2068" in label and "\u2069" in label for label in arabic)  # isolated, so the label keeps its order

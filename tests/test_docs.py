import json
from pathlib import Path

from toolkit.config_reference import render_reference

from .conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


def test_configuration_reference_is_up_to_date():
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert documented == render_reference(), "run: python -m toolkit.config_reference > docs/configuration.md"


def test_ci_calls_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = readme.split("```bash\n")[2].split("\n```")[0]
    assert test_command.endswith("python -m pytest")
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_cli_reference_is_up_to_date():
    from toolkit.cli_reference import render_reference as render_cli

    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert documented == render_cli(), "run: python -m toolkit.cli_reference > docs/cli.md"


def test_the_architecture_guide_example_adds_an_encoder(tmp_path):
    """The 'Adding an encoder' example of docs/architecture.md, run as a user would (own process)."""
    import json
    import subprocess
    import sys

    guide = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = guide.split("## Adding an encoder", 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("\n```", 1)[0] for block in section.split("```python\n")[1:]]
    assert len(blocks) == 2
    script = "\n".join(blocks).replace('"runs/demo-unigram"', repr(str(tmp_path / "run")))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished"
    assert manifest["stages"]["embed"]["encoder"] == "char-unigram"
    config = (tmp_path / "run" / "config.yaml").read_text(encoding="utf-8")
    assert "encoder: char-unigram" in config and "buckets: 512" in config


def test_the_encoder_table_quotes_the_recorded_measurements():
    """Measured outside CI (e5 takes minutes per corpus), so the docs must quote the recorded rows,
    each with its date and commit."""
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "experiments"))
    sys.path.insert(0, str(root / "experiments" / "pair_model"))
    import report_vectors
    from blocks import stale_blocks

    rows = json.loads(report_vectors.OUT.read_text(encoding="utf-8"))
    assert all(row["measured"] for row in rows)
    assert stale_blocks(report_vectors.DOCS, report_vectors.render(rows)) == [], \
        "run: python experiments/pair_model/report_vectors.py --rescore"


def test_the_demo_figures_in_the_readmes_are_what_a_demo_run_gives_now(tmp_path):
    figures = load_script("experiments/demo/figures.py")
    from blocks import stale_blocks

    from toolkit.pipeline import run_pipeline

    run_dir = run_pipeline(ROOT / "configs" / "demo.yaml", tmp_path / "demo", show_progress=False)
    assert stale_blocks(figures.DOCS, figures.render(run_dir)) == [], "run: python experiments/demo/figures.py"


def test_the_fignews_gold_figures_in_the_docs_are_those_of_the_shipped_files():
    import sys

    sys.path.insert(0, str(ROOT / "experiments"))
    sys.path.insert(0, str(ROOT / "experiments" / "incident_clustering"))
    import make_fignews_gold
    from blocks import stale_blocks

    assert stale_blocks(make_fignews_gold.DOCS, make_fignews_gold.render(make_fignews_gold.gold_figures())) == []


def test_the_tatoeba_figures_in_the_docs_are_what_the_retrieval_command_gives_now():
    tatoeba = load_script("experiments/tatoeba_retrieval/figures.py")
    from blocks import stale_blocks

    results = json.loads(tatoeba.RESULTS.read_text(encoding="utf-8"))
    assert stale_blocks(tatoeba.DOCS, tatoeba.render(results)) == [], "run: python experiments/tatoeba_retrieval/figures.py --render-only"
    rerun = [(encoder, scoring, k) for encoder, scoring, k in tatoeba.ROWS if encoder in tatoeba.FAST_ENCODERS]
    def shown(row: dict) -> dict:  # to 4 decimals, one more than the docs print: the last float digits
        return {name: round(value, 4) if isinstance(value, float) else value for name, value in row.items()}

    for encoder, scoring, k in rerun:  # the rows CI can afford (the others carry their date and commit)
        stored = results["rows"][tatoeba.key(encoder, scoring, k)]
        fresh = tatoeba.measure(encoder, scoring, k)  # move with scikit-learn's and numpy's versions
        assert shown({name: stored[name] for name in fresh}) == shown(fresh), \
            f"{encoder}/{scoring} changed: run python experiments/tatoeba_retrieval/figures.py --encoders {encoder}"
    assert all(row["measured"] and row["commit"] for row in results["rows"].values())


def test_the_incident_clustering_table_is_what_the_clustering_gives_now(tmp_path):
    figures = load_script("experiments/incident_clustering/figures.py")
    from blocks import stale_blocks

    fresh = figures.compute(tmp_path)
    assert fresh == json.loads(figures.RESULTS.read_text(encoding="utf-8")), "run: python experiments/incident_clustering/figures.py"
    assert stale_blocks(figures.DOCS, figures.render(fresh)) == []


def test_the_extraction_accuracy_table_is_what_the_extractor_scores_now():
    figures = load_script("experiments/extraction_accuracy/figures.py")
    from blocks import stale_blocks

    results = json.loads(figures.RESULTS.read_text(encoding="utf-8"))
    assert figures.compute() == results["sets"], "run: python experiments/extraction_accuracy/figures.py"
    assert figures.compute_parallel() == results["parallel"], "run: python experiments/extraction_accuracy/figures.py"
    # qalsadi is an optional extra: its figure is checked where it is installed
    analysers = figures.available_analysers()
    assert {"snowball", "none"} <= set(analysers)
    assert figures.compute_analysers(analysers) == {name: results["analysers"][name] for name in analysers}
    assert stale_blocks(figures.DOCS, figures.render(results)) == []
    assert results["sealed"]["scored"] and results["sealed"]["commit"]  # scored once, never rerun here


def test_the_ntrex_alignment_figures_are_what_the_aligner_gives_now():
    figures = load_script("experiments/ntrex_alignment/figures.py")
    from blocks import stale_blocks

    fresh = figures.compute()
    assert fresh == json.loads(figures.RESULTS.read_text(encoding="utf-8")), "run: python experiments/ntrex_alignment/figures.py"
    assert stale_blocks(figures.DOCS, figures.render(fresh)) == []

from pathlib import Path

from toolkit.config_reference import render_reference

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

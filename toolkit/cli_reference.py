"""Render the command-line reference (docs/cli.md) from the CLI itself, so it cannot drift.

Regenerate with ``python -m toolkit.cli_reference > docs/cli.md``.
"""

from __future__ import annotations

import typer

from toolkit.cli import app


def _commands(group, prefix: str) -> list[tuple[str, object]]:
    """(full name, command) for every leaf command; typer ships its own click, so groups are
    recognised by having sub-commands."""
    found = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def render_reference() -> str:
    root = typer.main.get_command(app)
    lines = ["# Command-line reference", "",
             "Generated from `toolkit/cli.py` by `python -m toolkit.cli_reference`; do not edit by hand.", "",
             "Errors in the input, the config or the model exit with code 2 and a message naming the problem.", ""]
    for path, command in _commands(root, "crosstally"):
        context = command.context_class(command, info_name=path)
        lines += [f"## `{path}`", "", command.help.strip() if command.help else "", "", "```text",
                  f"Usage: {path} {' '.join(command.collect_usage_pieces(context))}", ""]
        for parameter in command.get_params(context):
            record = parameter.get_help_record(context)
            if record:
                lines.append(f"  {record[0]}")
                lines.append(f"      {record[1]}")
        lines += ["```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_reference(), end="")

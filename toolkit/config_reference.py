"""Render the configuration reference (docs/configuration.md) from the config models,
so the documentation cannot drift from the code.

Regenerate with ``python -m toolkit.config_reference > docs/configuration.md``.
"""

from __future__ import annotations

import json
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from toolkit.config import RunConfig


def _default(field) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        value = field.default_factory()
    else:
        value = field.default
    if isinstance(value, BaseModel):
        return ""
    return json.dumps(value, ensure_ascii=False)


def _type_name(annotation) -> str:
    if get_origin(annotation) is Literal:
        return " or ".join(str(choice) for choice in get_args(annotation))
    text = annotation.__name__ if isinstance(annotation, type) else str(annotation)
    return text.replace("typing.", "").replace("|", "or")


def render_reference() -> str:
    lines = [
        "# Configuration reference",
        "",
        "Generated from `toolkit/config.py` by `python -m toolkit.config_reference`; do not edit by hand.",
        "",
        "A config is a YAML file (read with `yaml.safe_load`) of the sections below. Every key is",
        "optional; an unknown key or a wrong type fails with a message naming the key. Any value can",
        "be overridden on the command line: `crosstally run CONFIG --set section.key=value`.",
        "",
        "A section that names a component (`embed.encoder`, `cluster.algorithm`, ...) also takes that",
        "component's own settings beside the name; they are listed under the section, each with the",
        "component it belongs to, and are accepted only when that component is chosen",
        "(docs/architecture.md).",
        "",
        "| key | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for name, field in RunConfig.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            lines.append(f"| **{name}** | section | | {annotation.__doc__.strip()} |")
            for key, sub in annotation.model_fields.items():
                lines.append(f"| `{name}.{key}` | `{_type_name(sub.annotation)}` | `{_default(sub)}` | "
                             f"{sub.description or ''} |")
            for field_name, registry in getattr(annotation, "components", {}).items():
                for component, cls in registry.items():
                    for key, sub in cls.Settings.model_fields.items():
                        lines.append(f"| `{name}.{key}` | `{_type_name(sub.annotation)}` | `{_default(sub)}` | "
                                     f"{field_name} `{component}` only: {sub.description or ''} |")
        else:
            lines.append(f"| `{name}` | `{_type_name(annotation)}` | `{_default(field)}` | "
                         f"{field.description or ''} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_reference(), end="")

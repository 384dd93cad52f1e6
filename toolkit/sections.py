"""Config sections, and sections that name components with their settings beside the name.

A stage's section holds the settings every implementation of its kind shares
(``cluster.threshold``) and the name of the chosen component (``cluster.algorithm``); the
chosen component's own settings sit beside them (``cluster.resolution`` for ``leiden``)
and are validated by that component's ``Settings`` model as soon as the config is read,
before any stage runs, with messages that name the key and list what is allowed.

Example:
    >>> from toolkit.cluster.settings import ClusterConfig
    >>> ClusterConfig(algorithm="leiden", resolution=2.0).component_settings("algorithm")
    {'resolution': 2.0}
    >>> from pydantic import ValidationError
    >>> try:
    ...     ClusterConfig(algorithm="kmeans")
    ... except ValidationError as error:
    ...     print(error.errors()[0]["ctx"]["error"])
    cluster.algorithm: unknown clustering algorithm 'kmeans'; registered clustering algorithms: connected-components, hdbscan, leiden, streaming, threshold-average
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from toolkit.registry import Component, ComponentSettingsError, Registry, UnknownComponentError, validate_settings


class Section(BaseModel):
    """A config section: unknown keys and wrong types are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ComponentSection(Section):
    """A section naming components (``components``: field -> registry); their settings beside them."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)
    section: ClassVar[str] = ""
    components: ClassVar[dict[str, Registry]] = {}
    _settings: dict[str, dict[str, dict[str, Any]]] = PrivateAttr(default_factory=dict)

    def chosen(self, field: str) -> list[type[Component]]:
        """The classes named by ``field`` (a name, or a list of names)."""
        names = getattr(self, field)
        return [self.components[field].get(name) for name in (names if isinstance(names, list) else [names])]

    @model_validator(mode="after")
    def _validate_components(self) -> ComponentSection:
        extras = dict(self.__pydantic_extra__ or {})
        classes: list[tuple[str, type[Component]]] = []
        for field in self.components:
            try:
                classes += [(field, cls) for cls in self.chosen(field)]
            except UnknownComponentError as error:
                raise ValueError(f"{self.section}.{field}: {error}") from None
        accepted = {key for _field, cls in classes for key in cls.Settings.model_fields}
        for key in extras:
            if key not in accepted:
                raise ValueError(self._unknown_key_message(key, classes))
        settings: dict[str, dict[str, dict[str, Any]]] = {}
        merged: dict[str, Any] = {}
        for field, cls in classes:
            mine = {key: value for key, value in extras.items() if key in cls.Settings.model_fields}
            try:
                values = validate_settings(cls, mine).model_dump(mode="json")
            except ComponentSettingsError as error:
                raise ValueError(f"{self.section}: {error}") from None
            settings.setdefault(field, {})[cls.name] = values
            merged.update(values)
        # Every setting of the chosen components, defaults included, so a dump names them all.
        self.__pydantic_extra__ = merged
        self._settings = settings
        return self

    def _unknown_key_message(self, key: str, classes: list[tuple[str, type[Component]]]) -> str:
        shared = ", ".join(name for name in type(self).model_fields)
        own = "; ".join(f"{field} {cls.name!r} takes {', '.join(cls.Settings.model_fields) or 'no settings'}"
                        for field, cls in classes)
        elsewhere = [f"{field} {name!r}" for field, registry in self.components.items()
                     for name, cls in registry.items() if key in cls.Settings.model_fields]
        hint = f"; it is a setting of {', '.join(elsewhere)}" if elsewhere else ""
        return f"unknown key '{self.section}.{key}' (allowed: {shared}; {own}){hint}"

    def component_settings(self, field: str, name: str | None = None) -> dict[str, Any]:
        """The validated settings of the component named by ``field`` (or of ``name`` in a list)."""
        by_name = self._settings[field]
        return dict(by_name[name if name is not None else getattr(self, field)])

    def build(self, field: str, name: str | None = None, **runtime: Any) -> Component:
        """An instance of the component ``field`` names, with its settings from this section."""
        name = name if name is not None else getattr(self, field)
        return self.components[field].build(name, self.component_settings(field, name), **runtime)

    def component_ids(self) -> dict[str, list[str]]:
        """``name@version`` of every chosen component, for fingerprints and manifests."""
        return {field: [f"{cls.name}@{cls.version}" for cls in self.chosen(field)] for field in self.components}

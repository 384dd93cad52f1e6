"""Components and their registries: one base class and one registry per kind of component.

Every stage of a run is made of components of a few kinds (encoders, extractors, pair
scorers, clusterers, aligners, agreement statistics; see docs/architecture.md). Each
implementation is a class registered by name with a version, and carries its own
pydantic ``Settings`` model, so an unknown or misspelled setting is an error rather than
a silently ignored keyword, and a run's fingerprint can name exactly what produced it.

Example:
    >>> class Greeter(Component):
    ...     kind = "greeter"
    >>> GREETERS = Registry("greeter", Greeter)
    >>> @GREETERS.register("hello", version="1")
    ... class Hello(Greeter):
    ...     class Settings(ComponentSettings):
    ...         name: str = "world"
    ...     def greet(self) -> str:
    ...         return f"hello {self.settings.name}"
    >>> GREETERS.build("hello", {"name": "Idlib"}).greet()
    'hello Idlib'
    >>> GREETERS.build("hello", {"nmae": "Idlib"})
    Traceback (most recent call last):
    ...
    toolkit.registry.ComponentSettingsError: greeter 'hello': unknown setting 'nmae' (its settings: name)
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError


class UnknownComponentError(KeyError):
    """A config named a component that is not registered."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])


class ConfigError(ValueError):
    """A config file or override is invalid; the message names the key."""


class ComponentSettingsError(ConfigError):
    """A component was given a setting it does not have, or a value of the wrong type."""


class ComponentSettings(BaseModel):
    """Base of every component's settings: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Component:
    """Base of every component: a name and version (set by the registry) and validated settings.

    ``Component(**settings)`` or ``Component(settings=Settings(...))``; ``get_settings()``
    gives them back as plain values, so ``type(c)(**c.get_settings())`` rebuilds ``c``.
    """

    kind: ClassVar[str] = "component"
    name: ClassVar[str] = ""
    version: ClassVar[str] = ""

    class Settings(ComponentSettings):
        pass

    def __init__(self, settings: ComponentSettings | None = None, **options: Any) -> None:
        if settings is not None and options:
            raise TypeError("pass either a Settings object or keyword settings, not both")
        self.settings = settings if settings is not None else validate_settings(type(self), options)

    @property
    def id(self) -> str:
        return self.name

    def get_settings(self) -> dict[str, Any]:
        return self.settings.model_dump(mode="json")

    def runtime_arguments(self) -> dict[str, Any]:
        """Constructor arguments that are not settings (threads, a fitting corpus)."""
        return {}

    def __reduce__(self):
        # A component travels to another process as its recipe and is rebuilt there, so heavy
        # or unpicklable state (model weights behind ctypes) never crosses a process boundary.
        return (_rebuild, (type(self), self.settings, self.runtime_arguments()))

    def __repr__(self) -> str:
        settings = ", ".join(f"{key}={value!r}" for key, value in self.get_settings().items())
        return f"{type(self).__name__}({settings})"


def _rebuild(cls: type[Component], settings: ComponentSettings, runtime: dict[str, Any]) -> Component:
    return cls(settings=settings, **runtime)


def validate_settings(cls: type[Component], options: dict[str, Any]) -> ComponentSettings:
    """``cls.Settings`` from plain values, with an error that names the component and the key."""
    try:
        return cls.Settings.model_validate(options)
    except ValidationError as error:
        raise ComponentSettingsError(describe_settings_error(cls, error)) from None


def describe_settings_error(cls: type[Component], error: ValidationError) -> str:
    allowed = ", ".join(cls.Settings.model_fields) or "none"
    problems = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"])
        if problem["type"] == "extra_forbidden":
            problems.append(f"unknown setting '{key}' (its settings: {allowed})")
        else:
            shown = repr(problem.get("input"))
            problems.append(f"'{key}': {problem['msg']} (got {shown[:80]})")
    return f"{cls.kind} {cls.name!r}: " + "; ".join(problems)


C = TypeVar("C", bound=Component)


class Registry(Generic[C]):
    """Stable names -> implementations of one kind of component, each with a version."""

    def __init__(self, kind: str, base: type[C]) -> None:
        self.kind = kind
        self.base = base
        self._classes: dict[str, type[C]] = {}

    def register(self, name: str, version: str):
        """Class decorator: register ``cls`` under ``name``; its ``version`` names its behaviour."""
        def decorator(cls: type[C]) -> type[C]:
            if name in self._classes:
                raise ValueError(f"{self.kind} {name!r} is already registered")
            if not (isinstance(cls, type) and issubclass(cls, self.base)):
                raise TypeError(f"{self.kind} {name!r} must subclass {self.base.__name__}")
            cls.name, cls.version = name, version
            self._classes[name] = cls
            return cls

        return decorator

    def get(self, name: str) -> type[C]:
        try:
            return self._classes[name]
        except (KeyError, TypeError):
            raise UnknownComponentError(
                f"unknown {self.kind} {name!r}; registered {self.kind}s: {', '.join(self.names())}"
            ) from None

    def build(self, name: str, settings: dict[str, Any] | None = None, **runtime: Any) -> C:
        """An instance of the registered ``name`` with validated ``settings``; ``runtime``
        arguments (threads, a fitting corpus) are not settings and do not enter fingerprints."""
        cls = self.get(name)
        return cls(settings=validate_settings(cls, settings or {}), **runtime)

    def names(self) -> list[str]:
        return sorted(self._classes)

    def items(self) -> list[tuple[str, type[C]]]:
        return sorted(self._classes.items())

    def __contains__(self, name: object) -> bool:
        return name in self._classes

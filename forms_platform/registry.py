"""One plugin registry for every kind of plugin: field kinds, job kinds, registration
backends, login plugins.

A plugin lives in its own module and registers itself by id, from its app's
``AppConfig.ready()`` (which imports the module)::

    field_kinds = Registry("field kind")

    @field_kinds.register("text")
    class Text(FieldKind): ...

``register`` on a class stores an instance (made without arguments) and gives it
an ``id`` attribute; on any other object it stores the object itself. Ids are
unique: registering one twice is an error, so two plugins can never silently
replace each other. Adding a plugin never means editing a central list.

Every registry is also a Django system check: ``check()`` calls each plugin's own
``check()`` (when it has one) and collects the messages; the project's app config
registers :func:`run_checks` once for all registries.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

__all__ = ["Registry", "run_checks"]

_registries: list["Registry"] = []


class Registry[T]:
    """Plugins of one sort, by id, in the order they registered."""

    def __init__(self, label: str):
        self.label = label
        self._plugins: dict[str, T] = {}
        _registries.append(self)

    def __repr__(self) -> str:
        return f"<Registry of {self.label}s: {', '.join(self._plugins) or 'empty'}>"

    # --- registering -------------------------------------------------------------

    def register(self, plugin_id: str) -> Callable[[Any], Any]:
        """Decorator: register a class (as an instance) or another object under ``plugin_id``."""

        def decorator(obj):
            plugin = obj() if isinstance(obj, type) else obj
            self.add(plugin_id, plugin)
            return obj

        return decorator

    def add(self, plugin_id: str, plugin: T) -> T:
        if not plugin_id or not isinstance(plugin_id, str):
            raise ValueError(f"a {self.label} needs a non-empty string id, not {plugin_id!r}")
        if plugin_id in self._plugins:
            raise ValueError(f"{self.label} {plugin_id!r} is registered twice")
        with suppress(AttributeError, TypeError):  # frozen dataclasses keep their own naming
            plugin.id = plugin_id  # type: ignore[attr-defined]
        self._plugins[plugin_id] = plugin
        return plugin

    def remove(self, plugin_id: str) -> None:
        del self._plugins[plugin_id]

    @contextmanager
    def temporarily(self, plugin_id: str, plugin: Any) -> Iterator[T]:
        """Register a plugin for the duration of a block (tests, experiments)."""
        instance = plugin() if isinstance(plugin, type) else plugin
        self.add(plugin_id, instance)
        try:
            yield instance
        finally:
            self._plugins.pop(plugin_id, None)

    # --- looking up ---------------------------------------------------------------

    def __getitem__(self, plugin_id: str) -> T:
        try:
            return self._plugins[plugin_id]
        except KeyError:
            raise LookupError(f"no {self.label} {plugin_id!r}; known: {', '.join(self._plugins)}") from None

    def get(self, plugin_id: str, default: T | None = None) -> T | None:
        return self._plugins.get(plugin_id, default)

    def __contains__(self, plugin_id: object) -> bool:
        return plugin_id in self._plugins

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._plugins.values()))

    def __len__(self) -> int:
        return len(self._plugins)

    def ids(self) -> list[str]:
        return list(self._plugins)

    def items(self) -> list[tuple[str, T]]:
        return list(self._plugins.items())

    # --- system checks ------------------------------------------------------------

    def check(self, **kwargs) -> list:
        messages = []
        for plugin in self:
            plugin_check = getattr(plugin, "check", None)
            if callable(plugin_check):
                messages.extend(plugin_check(**kwargs) or [])
        return messages


def run_checks(app_configs=None, **kwargs) -> list:
    """The Django system check of all registries (registered in ``forms_platform.apps``)."""
    messages = []
    for registry in _registries:
        messages.extend(registry.check(app_configs=app_configs, **kwargs))
    return messages

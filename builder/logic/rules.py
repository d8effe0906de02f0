"""Form rules compiled once per version, and evaluated per request.

Order: the rules are evaluated in dependency order (a rule that hides or sets
a field comes before every rule that reads it; the checks refuse cycles), so
each rule sees the final state of the fields it reads. A rule reads a field
only while it is shown: the value of a hidden field (or of a field in a hidden
step) is absent for rules, exactly as it is absent from the submission.

Meaning of the actions, whatever the order of the rules:

- a field or step with a ``show_*`` rule is hidden unless one of those rules applies;
- a ``hide_*`` rule that applies hides it, even when a ``show_*`` rule applies too;
- ``require_field`` and ``optional_field`` override the field's own ``required``;
  when both apply, the later rule in the list wins;
- ``set_value`` gives the field its value (the later rule wins); a hidden field stays empty.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from .operators import evaluate, resolve_today

__all__ = ["Logic", "Outcome", "Rule", "reads_of", "rule_order"]

SHOW = {"show_step": "step", "show_field": "field"}
HIDE = {"hide_step": "step", "hide_field": "field"}


@dataclass(frozen=True)
class Outcome:
    """What the rules decide for one submission. Fields are dotted paths from the step: ``stap.veld``."""

    hidden_steps: frozenset[str] = frozenset()
    hidden_fields: frozenset[str] = frozenset()
    required_fields: frozenset[str] = frozenset()
    optional_fields: frozenset[str] = frozenset()
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changes_fields(self) -> bool:
        return bool(self.hidden_fields or self.required_fields or self.optional_fields or self.values)


def reads_of(expression: Any) -> set[str]:
    """The dotted paths an expression reads with ``var``."""
    found: set[str] = set()
    stack = [expression]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for operator, args in item.items():
                if operator == "var":
                    name = args[0] if isinstance(args, list) and args else args
                    if isinstance(name, str):
                        found.add(name)
                else:
                    stack.append(args)
    return found


def target_of(action: dict) -> str:
    """What an action changes: a step key or a dotted field path."""
    return action.get("field") or action["step"]


def affects(target: str, path: str) -> bool:
    """Whether changing ``target`` (a step or field) can change the value read at ``path``."""
    return path == target or path.startswith(target + ".") or target.startswith(path + ".")


@dataclass(frozen=True)
class Rule:
    index: int
    when: Any
    then: tuple[dict, ...]
    reads: frozenset[str]

    @cached_property
    def changes(self) -> frozenset[str]:
        """The steps and fields whose value this rule may change (require/optional change no value)."""
        return frozenset(
            target_of(action) for action in self.then if action["action"] not in ("require_field", "optional_field")
        )


def rule_order(rules: Iterable[Rule]) -> tuple[list[Rule], list[list[Rule]]]:
    """Rules in dependency order, and the cycles that prevent one (each a list of rules).

    A rule depends on every rule that changes something it reads. Kahn's
    algorithm, taking the lowest index first, keeps the editor's order where
    dependencies allow it.
    """
    rules = list(rules)
    feeds: dict[int, set[int]] = {rule.index: set() for rule in rules}
    waits: dict[int, int] = {rule.index: 0 for rule in rules}
    for source in rules:
        for reader in rules:
            feeds_reader = any(affects(target, path) for target in source.changes for path in reader.reads)
            if feeds_reader and reader.index not in feeds[source.index]:
                feeds[source.index].add(reader.index)
                waits[reader.index] += 1
    by_index = {rule.index: rule for rule in rules}
    ready = sorted(index for index, count in waits.items() if count == 0)
    order: list[Rule] = []
    while ready:
        index = ready.pop(0)
        order.append(by_index[index])
        for reader in sorted(feeds[index]):
            waits[reader] -= 1
            if waits[reader] == 0:
                ready.append(reader)
                ready.sort()
    left = {index for index, count in waits.items() if count > 0}
    return order, _cycles(left, feeds, by_index)


def _cycles(left: set[int], feeds: dict[int, set[int]], by_index: dict[int, Rule]) -> list[list[Rule]]:
    """One cycle through each group of rules that wait on each other (rules merely downstream are left out)."""
    cycles: list[list[Rule]] = []
    seen: set[int] = set()
    for start in sorted(left):
        if start in seen:
            continue
        path, position = [start], {start: 0}
        while True:
            following = sorted(n for n in feeds[path[-1]] if n in left)
            if not following:
                break
            step = next((n for n in following if n in position), following[0])
            if step in position:
                loop = path[position[step] :]
                if not seen.intersection(loop):
                    cycles.append([by_index[n] for n in loop])
                break
            position[step] = len(path)
            path.append(step)
        seen.update(path)
    return cycles


class Logic:
    """The rules of one form version, ready to evaluate."""

    def __init__(self, rules: list[dict]):
        self.rules = [
            Rule(index, rule["when"], tuple(rule["then"]), frozenset(reads_of(rule["when"])))
            for index, rule in enumerate(rules)
        ]
        ordered, cycles = rule_order(self.rules)
        # A cycle is refused when the definition is saved; should one exist anyway, list order decides.
        self.order = self.rules if cycles else ordered
        self.shown_if: frozenset[str] = frozenset(
            action[SHOW[action["action"]]] for rule in self.rules for action in rule.then if action["action"] in SHOW
        )
        self._resolved: dict[datetime.date, list[Any]] = {}
        actions = [action for rule in self.rules for action in rule.then]
        self.toggled: frozenset[str] = frozenset(
            action["field"] for action in actions if action["action"] in ("show_field", "hide_field")
        )
        """Fields a rule may show or hide: their pages carry them, hidden or not."""
        self.made_required: frozenset[str] = frozenset(
            action["field"] for action in actions if action["action"] in ("require_field", "optional_field")
        )
        self.reads: frozenset[str] = frozenset(path for rule in self.rules for path in rule.reads)

    def touches(self, step_key: str) -> bool:
        """Whether a rule reads or changes a field of this step (its page then needs the rules)."""
        prefix = step_key + "."
        return any(path.startswith(prefix) for path in self.reads | self.toggled | self.made_required)

    def for_browser(self, data: Mapping[str, Any], today: datetime.date, step_key: str) -> dict:
        """The rules and the answers they read from other steps, for ``static/loket/logic.js``.

        The browser reads this step's answers from the form itself and runs the
        same algorithm as :meth:`evaluate`, in the same order.
        """
        conditions = self.conditions(today)
        known: dict[str, Any] = {}
        for path in sorted(self.reads):
            if path.split(".", 1)[0] == step_key:
                continue
            value = _get(data, path)
            if value is not None:
                _put(known, path, value)
        return {
            "step": step_key,
            "rules": [{"when": conditions[rule.index], "then": list(rule.then)} for rule in self.order],
            "shownIf": sorted(self.shown_if),
            "data": known,
        }

    def __bool__(self) -> bool:
        return bool(self.rules)

    def conditions(self, today: datetime.date) -> list[Any]:
        """Every rule's condition with ``today`` filled in, once per day."""
        resolved = self._resolved.get(today)
        if resolved is None:
            resolved = [resolve_today(rule.when, today) for rule in self.rules]
            self._resolved = {today: resolved}
        return resolved

    def evaluate(self, data: Mapping[str, Any], today: datetime.date) -> Outcome:
        if not self.rules:
            return Outcome()
        conditions = self.conditions(today)
        hidden = set(self.shown_if)
        forced: set[str] = set()
        required: dict[str, bool] = {}
        values: dict[str, Any] = {}

        def is_hidden(path: str) -> bool:
            return any(prefix in hidden for prefix in _prefixes(path))

        def read(path: str) -> Any:
            if hidden and is_hidden(path):
                return None
            return values[path] if path in values else _get(data, path)

        for rule in self.order:
            view: dict[str, Any] = {}
            for path in rule.reads:
                _put(view, path, read(path))
            if not evaluate(conditions[rule.index], view):
                continue
            for action in rule.then:
                kind = action["action"]
                if kind in SHOW:
                    target = action[SHOW[kind]]
                    if target not in forced:
                        hidden.discard(target)
                elif kind in HIDE:
                    target = action[HIDE[kind]]
                    forced.add(target)
                    hidden.add(target)
                elif kind == "require_field":
                    required[action["field"]] = True
                elif kind == "optional_field":
                    required[action["field"]] = False
                elif kind == "set_value":
                    values[action["field"]] = action["value"]
        steps = frozenset(target for target in hidden if "." not in target)
        return Outcome(
            hidden_steps=steps,
            hidden_fields=frozenset(hidden) - steps,
            required_fields=frozenset(path for path, on in required.items() if on),
            optional_fields=frozenset(path for path, on in required.items() if not on),
            values={path: value for path, value in values.items() if not is_hidden(path)},
        )


def _put(view: dict, path: str, value: Any) -> None:
    *parents, name = _parts(path)
    for part in parents:
        view = view.setdefault(part, {})
        if not isinstance(view, dict):
            return
    view[name] = value


@lru_cache(maxsize=8192)
def _prefixes(path: str) -> tuple[str, ...]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``: a path is hidden when any of these is (paths come from versions)."""
    parts = path.split(".")
    return tuple(".".join(parts[:end]) for end in range(1, len(parts) + 1))


@lru_cache(maxsize=8192)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in _parts(path):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value

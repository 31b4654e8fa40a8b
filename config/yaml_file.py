"""Reading a YAML configuration file (the sites file, the subscriptions file) the one strict way.

Every problem is one ConfigError line naming the file, the entry and the problem: a file that is
missing or unreadable, invalid YAML, or two equal keys in one mapping (PyYAML would silently keep
the last one and lose the first).
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """A configuration file is wrong; the message names the file, the entry and the problem.

    Several problems (Problems below) make one line listing them all, so a file with three
    mistakes is fixed in one go rather than in three runs; `problems` keeps them apart.
    """

    def __init__(self, *problems: str) -> None:
        self.problems = list(problems)
        if len(problems) == 1:
            super().__init__(problems[0])
        else:
            super().__init__(f"{len(problems)} problems: " + "; ".join(problems))


class Problems:
    """Every problem of a file, collected check by check and raised together."""

    def __init__(self) -> None:
        self.found: list[str] = []

    @contextlib.contextmanager
    def collect(self) -> Iterator[None]:
        """Run a check; a ConfigError it raises is noted and the next check runs."""
        try:
            yield
        except ConfigError as exc:
            self.found.extend(exc.problems)

    def raise_any(self) -> None:
        """Raise one ConfigError with every problem noted so far, if there is any."""
        if self.found:
            raise ConfigError(*self.found)


def unknown_key(key: str, allowed: Sequence[str]) -> str:
    """ "unknown key 'start_url' (did you mean 'start_urls'?)", else the allowed keys."""
    close = meant(key, allowed)
    hint = f"did you mean {close!r}?" if close else f"allowed: {', '.join(allowed)}"
    return f"unknown key {key!r} ({hint})"


def meant(key: str, allowed: Sequence[str]) -> str | None:
    """The allowed key a mistyped one most likely meant, if any is close."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """Two equal keys in one mapping."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses two equal keys in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise DuplicateKeyError(
                    None, None, f"duplicate key {key!r} (also on line {seen[key]})", key_node.start_mark
                )
            if isinstance(key, (str, int, float, bool)):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def read_text(path: str | Path) -> str:
    """The UTF-8 text of a configuration file; ConfigError when it is missing or unreadable."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None


def entry_at(text: str, line: int, list_key: str, label: str, name_key: str) -> str:
    """'<label> #N (name)' for the item of the top-level list `list_key` that holds a 1-based line,
    else 'top level' (e.g. entry_at(text, 7, "sites", "site", "name") → 'site #2 (demo-gxq)')."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return "top level"
    items = next(
        (value for key, value in getattr(root, "value", []) if getattr(key, "value", None) == list_key), None
    )
    for index, node in enumerate(getattr(items, "value", None) or []):
        if isinstance(node, yaml.Node) and node.start_mark.line + 1 <= line <= node.end_mark.line + 1:
            name = next(
                (v.value for k, v in getattr(node, "value", []) if getattr(k, "value", None) == name_key),
                None,
            )
            return f"{label} #{index + 1}" + (f" ({name})" if isinstance(name, str) else "")
    return "top level"


def load_yaml(text: str, source: str, list_key: str, label: str, name_key: str) -> Any:
    """The YAML document of text; ConfigError naming source, the entry (an item of the top-level
    list `list_key`, called `label`, named by its `name_key`) and the line for invalid YAML or a
    duplicate key."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        entry = entry_at(text, line, list_key, label, name_key)
        raise ConfigError(f"{source}: {entry}: line {line}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{source}: {where}: invalid YAML ({problem})") from None

"""Reading scenario and sweep files: once, with a size cap, safely, and refusing what is too deep or large."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sim.errors import ScenarioError
from sim.limits import MAX_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES, read_capped


class UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loading that refuses a key given twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node, deep=False):
        """Build a mapping, refusing duplicate keys and keys that are not plain values."""
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value, not a list or mapping", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a text file (or a pipe such as /dev/stdin) of at most `limit` bytes, once."""
    path = Path(path)
    if not path.exists():
        raise ScenarioError(f"{path}: no such file")
    if path.is_dir():
        raise ScenarioError(f"{path}: is a directory, expected a YAML file")
    try:
        raw = read_capped(path, limit)
    except OSError as err:
        raise ScenarioError(f"{path}: cannot be read ({err.strerror or err})") from None
    if len(raw) > limit:
        raise ScenarioError(
            f"{path}: larger than the limit of {limit // 2**20} MiB for a scenario or sweep file"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text safely; every failure, and a document too deep or too large, is one ScenarioError."""
    try:
        data = yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise ScenarioError(f"{source}: malformed YAML at {where}: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise ScenarioError(f"{source}: malformed YAML: {err}") from None
    except RecursionError:
        raise ScenarioError(f"{source}: nested deeper than the limit of {MAX_YAML_DEPTH} levels") from None
    check_size(data, source)
    return data


def check_size(data: Any, source: str) -> None:
    """Refuse a document nested deeper than MAX_YAML_DEPTH or with more than MAX_YAML_NODES values.

    Counts without recursion and stops at the limit, so an alias bomb (a few bytes that expand to
    billions of values) is refused at once.
    """
    stack = [(data, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_YAML_NODES:
            raise ScenarioError(
                f"{source}: more than {MAX_YAML_NODES:,} values once YAML aliases are expanded; "
                "not a scenario or sweep"
            )
        if depth > MAX_YAML_DEPTH:
            raise ScenarioError(f"{source}: nested deeper than the limit of {MAX_YAML_DEPTH} levels")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def read_yaml(path: Path) -> Any:
    """Read a YAML file safely, turning every failure into a one-line ScenarioError."""
    return parse_yaml(read_text(path), str(path))

"""Packages taken from another scenario file by name: `{from: FILE, name: NAME, as: NEW}`."""

from __future__ import annotations

import copy
from pathlib import Path

from sim.errors import ScenarioError
from sim.schema.messages import shown, suggest
from sim.schema.yamlfiles import parse_yaml, read_text


def is_file(source: str) -> bool:
    """Whether a source label names a file (it may be a label such as '<scenario>' or 'f.yaml: base')."""
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


TAKE_KEYS = ("from", "name", "as")
"""The keys of a package taken from another scenario file: `{from: FILE, name: NAME, as: NEW}`."""


def take_packages(data: dict, folder: Path, source: str, within: frozenset[Path] = frozenset()) -> None:
    """Replace each `{from: FILE, name: NAME}` entry of `data['packages']` by that package of FILE (in place).

    FILE is relative to `folder` (the scenario's own); `as: NEW` renames the package taken. FILE's
    own taken packages are resolved in turn (a loop is refused). Every failure is one ScenarioError:
    a missing file, a name FILE lacks (with a suggestion), a name taken twice.
    """
    packages = data.get("packages")
    if not isinstance(packages, list) or not any(isinstance(e, dict) and "from" in e for e in packages):
        return
    if is_file(source):
        within = within | {Path(source).resolve()}
    read: dict[Path, dict] = {}
    out, taken = [], {}
    for i, entry in enumerate(packages):
        if not (isinstance(entry, dict) and "from" in entry):
            out.append(entry)
            continue
        where = f"{source}: packages[{i}]"
        unknown = [k for k in entry if k not in TAKE_KEYS]
        if unknown:
            raise ScenarioError(
                f"{where}: unknown key {str(unknown[0])!r} in a package taken from another file "
                f"(it has from, name and as; change it with --set or copy it)"
            )
        file, name = entry.get("from"), entry.get("name")
        new = entry.get("as", name)
        if not isinstance(file, str) or not file.strip():
            raise ScenarioError(f"{where}.from: expected the path of a scenario file (relative to this one)")
        for key, value in (("name", name), ("as", new)):
            if not isinstance(value, str) or not value:
                raise ScenarioError(f"{where}.{key}: expected the name of a package, got {shown(value)}")
        path = Path(file) if Path(file).is_absolute() else folder / file
        key = path.resolve()
        if key in within:
            raise ScenarioError(f"{where}.from: {file} takes packages from this file in turn (a loop)")
        if key not in read:
            try:
                other = parse_yaml(read_text(path), str(path))
            except ScenarioError as err:
                raise ScenarioError(f"{where}.from: {err}") from None
            if not isinstance(other, dict) or not isinstance(other.get("packages"), list):
                raise ScenarioError(f"{where}.from: {file} is not a scenario (it has no packages: list)")
            take_packages(other, path.parent, str(path), within)
            read[key] = other
        found = [p for p in read[key]["packages"] if isinstance(p, dict) and p.get("name") == name]
        if not found:
            names = [p.get("name") for p in read[key]["packages"] if isinstance(p, dict)]
            raise ScenarioError(f"{where}.name: {file} has no package named {name!r}{suggest(name, names)}")
        package = copy.deepcopy(found[0])
        package["name"] = new
        taken[new] = file
        out.append(package)
    names = [p.get("name") for p in out if isinstance(p, dict)]
    for new, file in taken.items():
        if names.count(new) > 1:
            raise ScenarioError(
                f"{source}: packages: two packages named {new!r} once {file}'s is taken; rename the one "
                f"taken with as: NEW_NAME"
            )
    data["packages"] = out

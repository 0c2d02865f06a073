"""Limits on what the tool accepts, checked before any work and stated in the README.

Each limit is far above any sensible use and far below what would exhaust a machine, so that a hostile
or mistaken input is refused at once with one line instead of running away.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1 * 2**20
"""A scenario or sweep file: 1 MiB (the largest shipped file is under 10 KiB)."""
MAX_YAML_DEPTH = 32
"""Nesting of mappings and lists in a YAML file (a scenario needs 5)."""
MAX_YAML_NODES = 100_000
"""Values in a YAML file once its aliases are expanded (an alias bomb expands to billions)."""
MAX_RUNS = 10_000_000
"""Worlds per package (per design point in a sweep)."""
MAX_SEED = 2**63 - 1
"""Seeds are stored as signed 64-bit integers."""
MAX_POINTS = 100_000
"""Design points of a sweep (its summary has one row per point and package)."""
MAX_MANIFEST_BYTES = 16 * 2**20
"""A manifest.json read back for --resume, rerun or plot."""
MAX_MESSAGE = 400
"""Characters of an error message; longer ones are cut with an ellipsis."""
MAX_NAME = 100
"""Characters of a scenario or sweep name (it becomes part of a folder name)."""


def read_capped(path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a file: one more than allowed, so the caller can tell it is too large.

    Reading with a cap, never the whole file, keeps `/dev/zero` or a huge file from filling memory.
    """
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """One line of at most `limit` characters, cut in the middle (its ends say where and what to do)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def limits_table() -> str:
    """The limits as a Markdown table (the README's is generated from this)."""
    rows = [
        ("a scenario or sweep file", f"{MAX_FILE_BYTES // 2**20} MiB", "read with a cap, once"),
        ("nesting in a YAML file", f"{MAX_YAML_DEPTH} levels", "a scenario needs 5"),
        ("values in a YAML file, aliases expanded", f"{MAX_YAML_NODES:,}", "an alias bomb is refused"),
        ("worlds per package (`runs`, `--runs`)", f"{MAX_RUNS:,}", "per design point in a sweep"),
        ("a seed (`seed`, `--seed`)", f"0 to 2^63 − 1 ({MAX_SEED:,})", "stored as a signed 64-bit integer"),
        ("design points of a sweep", f"{MAX_POINTS:,}", "counted before the design is built"),
        ("a `name`", f"{MAX_NAME} characters", "it becomes part of a folder name"),
        ("a manifest read back", f"{MAX_MANIFEST_BYTES // 2**20} MiB", "by --resume, rerun and plot"),
        ("an error message", f"{MAX_MESSAGE} characters", "cut in the middle, so both ends stay"),
        ("memory", "80% of the machine's or container's", "estimated before the run (cgroup v1 and v2)"),
        ("disk", "the estimated size of the results", "checked against free space before the run"),
        ("workers", "1,024, and never more than chunks", "extra workers would only wait"),
    ]
    lines = ["| what | limit | note |", "| --- | --- | --- |"]
    lines += [f"| {what} | {limit} | {note} |" for what, limit, note in rows]
    return "\n".join(lines)

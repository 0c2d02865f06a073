"""Generated blocks in Markdown files: the text between `<!-- name:start -->` and `<!-- name:end -->`."""

from __future__ import annotations

import re


def replace_block(text: str, marker: str, body: str) -> str:
    """Replace what stands between `<!-- marker:start -->` and `<!-- marker:end -->`."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"no {marker} markers")
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text)

"""What an import could not carry over, told in one line and then place by place."""

from __future__ import annotations

import re

from builder.importer.imported import Dropped

# A place may quote the document (a picture's address): no control character reaches the
# terminal from it.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

# How each loss is said; anything else was dropped.
_VERBS = {"remote image": "not fetched", "linked picture": "not fetched",
          "missing picture": "not found", "file link": "kept as text"}  # fmt: skip


def lines(dropped: list[Dropped]) -> list[str]:
    """'3 comments dropped, 1 remote image not fetched', then 'comment: paragraph 4...'."""
    if not dropped:
        return []
    counts: dict[str, int] = {}
    for item in dropped:
        counts[item.what] = counts.get(item.what, 0) + 1
    total = ", ".join(
        f"{count} {what if count == 1 else what + 's'} {_VERBS.get(what, 'dropped')}"
        for what, count in counts.items()
    )
    return [total, *(_CONTROL.sub(" ", f"  {item.what}: {item.where}") for item in dropped)]

"""The processes of a running `book catalog`, as /proc shows them."""

from __future__ import annotations

from pathlib import Path


def _parents() -> dict[int, int]:
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        found[int(stat.parent.name)] = int(fields[1])
    return found


def children(pid: int) -> list[int]:
    return [child for child, parent in _parents().items() if parent == pid]


def _descendants(pid: int) -> list[int]:
    parents = _parents()
    found, todo = [], [pid]
    while todo:
        pid = todo.pop()
        below = [child for child, parent in parents.items() if parent == pid]
        found += below
        todo += below
    return found


def book_processes(catalog: int) -> list[int]:
    """The catalog's book processes: the children of a fork server among its descendants
    (its own, or a dask worker's)."""
    servers = []
    for pid in _descendants(catalog):
        try:
            if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                servers.append(pid)
        except OSError:
            continue
    return [book for server in servers for book in children(server)]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"

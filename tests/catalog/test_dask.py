"""`book catalog --engine dask` on a real LocalCluster of three worker processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.catalog.conftest import BOOK, BROKEN, outputs
from tests.catalog.processes import book_processes

try:
    import distributed  # noqa: F401
except ImportError:  # a skip would hide it: ./dev installs the extra
    pytest.fail("dask is missing: pip install -e '.[test,cluster]'", pytrace=False)


def test_the_catalog_on_a_local_cluster(
    catalog_source: Path, expected: dict[str, bytes], tmp_path: Path
) -> None:
    """Every good book built as `book build` builds it, the broken one reported, exit 1;
    a task whose book process is killed as soon as it is seen is tried again."""
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_source, folder)
    command = [str(BOOK), "catalog", str(folder), "--engine", "dask", "--jobs", "3"]
    process = subprocess.Popen([*command, "--format", "epub"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (jobs := book_processes(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert jobs, "no book process seen"
    os.kill(jobs[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 1, stderr.decode()
    assert "books/broken/book.yaml:7:1: error[Y002]: unknown key 'colour'" in stderr.decode()
    report = json.loads((folder / "dist" / "catalog-report.json").read_text())
    statuses = {book["book"]: book["status"] for book in report["books"]}
    assert statuses.pop(f"books/{BROKEN}") == "failed"
    assert set(statuses.values()) == {"built"}
    assert outputs(folder) == expected
    assert [p for p in folder.rglob("*") if p.name.endswith(".tmp")] == []

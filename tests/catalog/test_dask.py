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

from tests.catalog.conftest import BOOK, BROKEN, copy_corpus, outputs, retitle, run_catalog
from tests.catalog.processes import book_processes

try:
    import distributed
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


def test_an_existing_cluster_at_its_address(tmp_path: Path) -> None:
    """--address: the books go to a running cluster's workers (here daemonic, so each book
    runs as `python -m builder.catalog.job`); a catalog asking more MEMORY than any worker
    offers stops with one line instead of waiting for ever."""
    import logging

    folder = tmp_path / "catalog"
    for number in (1, 2):
        retitle(copy_corpus("last-morning", folder / f"morning-{number}"), f"Morning {number}")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, resources={"MEMORY": 1024},
        dashboard_address=None, silence_logs=logging.ERROR,
    ) as cluster:  # fmt: skip
        address = ["--engine", "dask", "--address", cluster.scheduler_address]
        run = run_catalog(folder, *address, "--format", "epub")
        assert run.status == 0, run.stderr
        assert run.statuses() == {"morning-1": "built", "morning-2": "built"}
        refused = subprocess.run(
            [str(BOOK), "catalog", str(folder), *address, "--format", "pdf"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert refused.returncode == 1
    assert "no dask worker offers 2048 MB of MEMORY (the most is 1024)" in refused.stderr

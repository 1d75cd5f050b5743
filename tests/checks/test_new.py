"""`book new DIR`: a book folder that builds and checks clean, with its GitHub workflow."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from builder import config, new, pipeline
from builder.checks import runner as check_runner
from builder.cli import app
from tests.conftest import ROOT

runner = CliRunner()


class TestNew:
    def test_makes_the_book_folder(self, tmp_path: Path) -> None:
        """The folder gets book.yaml, a first chapter, .gitignore and the workflow."""
        folder = tmp_path / "my-first-novel"
        result = runner.invoke(app, ["new", str(folder)])
        assert result.exit_code == 0, result.output
        made = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert made == [".github/workflows/book.yml", ".gitignore", "book.yaml",
                        "manuscript/01-chapter-one.md"]  # fmt: skip
        assert (folder / ".gitignore").read_text() == "dist/\n"
        assert config.load(folder).title == "My First Novel"

    def test_checks_clean_and_builds(self, tmp_path: Path) -> None:
        """The new book has nothing to report, EPUBCheck included, and builds an EPUB."""
        folder = tmp_path / "novel"
        new.create(folder)
        report = check_runner.check(folder)
        assert report.findings == [] and report.epubcheck == "no problems"
        assert pipeline.build(folder, ("epub",))[0].is_file()

    def test_title_author_language(self, tmp_path: Path) -> None:
        """--title, --author and --language go into book.yaml, quoted so any text is safe."""
        folder = tmp_path / "b"
        args = [
            "new",
            str(folder),
            "--title",
            "War: A #1 Story",
            "--author",
            "Ann",
            "--language",
            "fr",
        ]
        assert runner.invoke(app, args).exit_code == 0
        loaded = config.load(folder)
        assert (loaded.title, loaded.authors, loaded.language) == (
            "War: A #1 Story",
            ("Ann",),
            "fr",
        )

    def test_refuses_a_folder_with_files(self, tmp_path: Path) -> None:
        """An existing folder that is not empty is refused in one line, exit 1, nothing touched."""
        (tmp_path / "notes.txt").write_text("mine")
        result = runner.invoke(app, ["new", str(tmp_path)])
        assert result.exit_code == 1
        assert result.output == f"error: {tmp_path} already exists and is not empty\n"
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    def test_accepts_an_empty_folder(self, tmp_path: Path) -> None:
        """An existing empty folder (a fresh git clone, say) is fine."""
        assert runner.invoke(app, ["new", str(tmp_path)]).exit_code == 0


class TestWorkflow:
    def test_steps(self) -> None:
        """The workflow sets up Python and Java, builds, checks (even after a failed build)."""
        steps = yaml.safe_load(new.workflow(["book-builder"]))["jobs"]["book"]["steps"]
        uses = [step.get("uses", "").split("@")[0] for step in steps]
        runs = [step.get("run", "") for step in steps]
        assert uses.count("actions/setup-python") == uses.count("actions/setup-java") == 1
        assert "book check --format github" in runs and "book build" in runs
        check = runs.index("book check --format github")
        assert runs.index("book build") < check and steps[check]["if"] == "always()"
        upload = steps[uses.index("actions/upload-artifact")]["with"]["path"].split()
        assert upload == ["dist/*.epub", "dist/*.pdf"]

    def test_repository_uses_the_same_workflow(self) -> None:
        """The repository's own workflow is the template, installing the builder from here."""
        ours = (ROOT / ".github" / "workflows" / "book.yml").read_text()
        assert ours == new.workflow(["-e", "."])


COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _install(direct_url: dict[str, Any] | None) -> tuple[list[str], str]:
    """The install step's pip arguments (as the shell splits them) and the workflow's text."""
    text = new.workflow(*new.install_step(direct_url, "1.2.3"))
    steps = yaml.safe_load(text)["jobs"]["book"]["steps"]
    (run,) = [s["run"] for s in steps if s.get("name") == "Install the builder"]
    words = shlex.split(run)
    assert words[:2] == ["pip", "install"], run
    return words[2:], text


class TestInstallLine:
    """The workflow installs the builder the author has, as pip recorded it (PEP 610)."""

    def test_from_an_index(self) -> None:
        """No direct_url.json: installed from an index, so that version, pinned."""
        args, text = _install(None)
        assert args == ["book-builder==1.2.3"]
        assert "change the version after ==" in text

    def test_from_git(self) -> None:
        """A VCS install: the same repository at the same commit, and how to move on."""
        vcs = {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}
        record = {"url": "https://github.com/me/builder.git", "vcs_info": vcs}
        args, text = _install(record)
        assert args == [f"book-builder @ git+https://github.com/me/builder.git@{COMMIT}"]
        assert "newer commit after the @" in text

    def test_from_git_subdirectory(self) -> None:
        """A package in a subfolder of its repository keeps pip's #subdirectory=."""
        record = {"url": "https://example.org/mono.git", "subdirectory": "tools/book",
                  "vcs_info": {"vcs": "git", "commit_id": COMMIT}}  # fmt: skip
        args, _ = _install(record)
        assert args == [f"book-builder @ git+https://example.org/mono.git@{COMMIT}"
                        "#subdirectory=tools/book"]  # fmt: skip

    def test_from_an_archive_url(self) -> None:
        """An archive URL, with its hash so that GitHub installs exactly that file."""
        url = "https://example.org/book_builder-1.2.3-py3-none-any.whl"
        args, text = _install({"url": url, "archive_info": {"hashes": {"sha256": "ab12"}}})
        assert args == [f"book-builder @ {url}#sha256=ab12"]
        assert "checked by its hash" in text

    @pytest.mark.parametrize(
        "record",
        [{"url": "file:///home/me/builder", "dir_info": {"editable": True}},
         {"url": "file:///home/me/builder", "dir_info": {}},
         {"url": "file:///tmp/book_builder-1.2.3.tar.gz", "archive_info": {}},
         {"url": "file:///home/me/builder", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
         {}],
    )  # fmt: skip
    def test_from_a_folder(self, record: dict[str, Any]) -> None:
        """A folder or file GitHub cannot reach: a line to point at the builder's repository."""
        args, text = _install(record)
        assert args == [new.PLACEHOLDER]
        assert "replace OWNER/REPOSITORY" in text and "git rev-parse HEAD" in text
        assert "/home/me" not in text and "/tmp" not in text

    def test_hostile_url(self) -> None:
        """Quotes, a newline and YAML syntax in the recorded URL stay inside the one value."""
        url = "https://example.org/x'y\n        evil: true #"
        record = {"url": url, "vcs_info": {"vcs": "git", "commit_id": COMMIT}}
        args, text = _install(record)
        assert args == [f"book-builder @ git+{url}@{COMMIT}"]
        steps = yaml.safe_load(text)["jobs"]["book"]["steps"]
        assert not any("evil" in step for step in steps)


def _fake_install(site: Path, name: str, files: dict[str, str]) -> None:
    """A distribution's metadata folder, as an installer leaves it, in SITE."""
    folder = site / name
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text("Metadata-Version: 2.1\nName: book-builder\nVersion: 9.9\n")
    for file, content in files.items():
        (folder / file).write_text(content)


class TestInstalledFrom:
    """How pip recorded the builder is read from its dist-info folder."""

    def test_reads_direct_url(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """direct_url.json of the installed distribution is what the workflow follows."""
        record = {"url": "https://github.com/me/builder.git",
                  "vcs_info": {"vcs": "git", "commit_id": COMMIT}}  # fmt: skip
        files = {"INSTALLER": "pip\n", "direct_url.json": json.dumps(record)}
        _fake_install(tmp_path, "book_builder-9.9.dist-info", files)
        monkeypatch.syspath_prepend(str(tmp_path))
        assert new.installed_from() == record

    def test_no_record_means_an_index(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Installed by pip without direct_url.json: from an index (None)."""
        _fake_install(tmp_path, "book_builder-9.9.dist-info", {"INSTALLER": "pip\n"})
        monkeypatch.syspath_prepend(str(tmp_path))
        assert new.installed_from() is None

    def test_egg_info_in_a_source_folder_is_not_an_install(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A setuptools *.egg-info first on sys.path (no INSTALLER) does not hide the install."""
        real = new.installed_from()
        _fake_install(tmp_path, "book_builder.egg-info", {})
        monkeypatch.syspath_prepend(str(tmp_path))
        assert new.installed_from() == real

    def test_new_book_installs_this_builder(self, tmp_path: Path) -> None:
        """`book new` writes the install line for the builder that is running, not a guess."""
        new.create(tmp_path / "b")
        text = (tmp_path / "b" / ".github" / "workflows" / "book.yml").read_text()
        assert text == new.workflow(*new.install_step(new.installed_from()))
        if new.installed_from() is not None:
            assert "book-builder==" not in text

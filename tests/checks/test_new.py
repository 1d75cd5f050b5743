"""`book new DIR`: a book folder that builds and checks clean, with its GitHub workflow."""

from __future__ import annotations

from pathlib import Path

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
        steps = yaml.safe_load(new.workflow('"book-builder"'))["jobs"]["book"]["steps"]
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
        assert ours == new.workflow("-e .")

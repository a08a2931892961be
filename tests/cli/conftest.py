"""Fixtures the CLI tests share."""

from __future__ import annotations

import pytest

from stepdown.cli.main import main


@pytest.fixture
def run(db_url, capsys, monkeypatch, tmp_path):
    """Run `stepdown ...` against db_url (TZ=UTC, data folder in tmp); returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "UTC")

    def _run(*args: str):
        code = main([*args, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    return _run

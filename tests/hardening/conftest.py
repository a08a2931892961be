"""Attacking tests run with a temporary HOME and data folder, and pass only paths inside tmp_path."""

from __future__ import annotations

import pytest

from stepdown.cli.main import main


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private HOME and data folder; the working directory is tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "home" / "data"))
    monkeypatch.delenv("STEPDOWN_DATABASE_URL", raising=False)
    monkeypatch.delenv("STEPDOWN_PORT", raising=False)
    monkeypatch.delenv("STEPDOWN_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    return tmp_path


@pytest.fixture
def run(home, capsys):
    """`stepdown ARGS` through the real entry point: (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


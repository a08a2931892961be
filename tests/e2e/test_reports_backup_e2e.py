"""Backup and restore on the Reports page in a real browser: Chromium downloads the backup, uploads it
back through the multipart form (CSRF token included) and the running server shows the restored data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stepdown.reports.backup import check

pytestmark = pytest.mark.e2e


def _add_note(page, text: str) -> None:  # noqa: ANN001
    page.fill("#f-note", text)
    page.click("button:has-text('Save the note')")
    page.wait_for_selector("p.flash:has-text('Saved.')")


def test_download_a_backup_then_restore_it_in_the_browser(server: str, page, shoot, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/reports")
    _add_note(page, "Kept in the backup")
    with page.expect_download() as info:
        page.click("a:has-text('Download a backup')")
    download = info.value
    assert download.suggested_filename.startswith("stepdown-backup-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert check(saved) is None
    with sqlite3.connect(saved) as conn:
        assert [r[0] for r in conn.execute("SELECT text FROM note")] == ["Kept in the backup"]

    _add_note(page, "Written after the backup")
    page.set_input_files("#f-backup_file", {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hi"})
    page.fill("#f-restore_confirm", "RESTORE")
    page.click("button:has-text('Restore this backup')")
    error = page.locator("#backup_file-error")
    assert "notes.txt cannot be restored: it is not an SQLite database" in error.inner_text()
    assert page.locator("#f-backup_file").get_attribute("aria-invalid") == "true"
    assert page.url.endswith("#backup")  # the answer opens at the section, not the top of the page
    shoot(page, "refused")

    page.set_input_files("#f-backup_file", str(saved))
    page.fill("#f-restore_confirm", "RESTORE")
    page.click("button:has-text('Restore this backup')")
    flash = page.locator("#backup p.flash")
    assert "Restored from your backup" in flash.inner_text() and ".bak" in flash.inner_text()
    notes = page.locator("#notes").inner_text()
    assert "Kept in the backup" in notes and "Written after the backup" not in notes
    shoot(page, "restored")

"""Reports and your data: `report`, `calendar`, `export`, `import`, `backup`, `restore`.

Thin commands over `stepdown.reports`. fpdf2, icalendar, fhir.resources and SQLAlchemy are
imported inside the command bodies so `stepdown --help` stays fast.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from stepdown import formatting
from stepdown.cli.context import database_option
from stepdown.cli.output import echo
from stepdown.domain.errors import InvalidInput


def _now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


def _target(out: str | None, default: str, *, force: bool, folder: bool = False) -> Path:
    """Where to write: a new file (or, with `folder`, a folder) in an existing folder; else one sentence."""
    path = Path(out or default).expanduser()
    if not path.name or len(path.name.encode("utf-8", "surrogateescape")) > 255:
        raise InvalidInput("The file name in --out is empty or longer than 255 characters; choose another.",
                           field="out")  # fmt: skip
    if not path.parent.is_dir():
        raise InvalidInput(
            f"The folder {path.parent} does not exist; create it first or choose another --out.", field="out"
        )
    if path.is_dir() and not folder:
        raise InvalidInput(f"{path} is a folder; give --out a file name.", field="out")
    if path.exists() and not force:
        raise InvalidInput(
            f"{path} already exists; give another --out, or --force to replace it.", field="out"
        )
    return path


def _write(path: Path, data: bytes) -> None:
    """Write a new 0600 file (health data), whole or not at all; a disk error is one sentence."""
    from stepdown.storage.files import write_private

    try:
        write_private(path, data)
    except OSError as exc:
        raise InvalidInput(f"Could not write {path} ({exc.strerror}).", field="out") from None


def _engine(database_url: str | None) -> Any:
    """The configured database, migrated to the newest schema, WITHOUT creating a person (import
    needs an empty database, and export should not add a row it then exports)."""
    from stepdown.cli.context import checked_engine, refusing_database_errors
    from stepdown.settings import load_settings
    from stepdown.storage.db import needs_upgrade, upgrade

    settings = load_settings(database_url=database_url)
    engine = checked_engine(settings)
    with refusing_database_errors(settings.database_url):
        if needs_upgrade(engine):
            upgrade(engine)
    return engine


def _report_data(database_url: str | None, name: str | None) -> Any:
    from stepdown.cli.context import open_database
    from stepdown.reports.data import load

    ctx = open_database(database_url)
    return load(ctx.engine, ctx.person.id, now=_now(), name=name)


def _name(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 100:
        raise InvalidInput("A name for the report is 1 to 100 characters long.", field="name")
    return value


@click.command(name="report")
@click.option(
    "--out", default=None, metavar="PATH", help="PDF file to write (default: stepdown-report-DATE.pdf)."
)
@click.option(
    "--name", default=None, metavar="NAME", help="Put this name on the report (default: pseudonym only)."
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@database_option
def report(out: str | None, name: str | None, force: bool, database_url: str | None) -> None:
    """Write a PDF report for your clinician: plan, revisions, charts, adherence, red flags, notes."""
    from stepdown.reports.pdf import build_pdf

    data = _report_data(database_url, _name(name))
    path = _target(out, f"stepdown-report-{data.today.isoformat()}.pdf", force=force)
    pdf = build_pdf(data)
    _write(path, pdf)
    echo(f"Wrote the clinician report to {path} ({len(pdf) // 1024} KB).")
    echo(
        "It shows your pseudonym only"
        + (f" and the name {data.name}." if data.name else "; add --name to show a name.")
    )


@click.command(name="calendar")
@click.option(
    "--out", default=None, metavar="PATH", help="iCalendar file to write (default: stepdown-taper.ics)."
)
@click.option(
    "--tz", default=None, metavar="ZONE", help="IANA time zone, e.g. America/New_York (default: yours)."
)
@click.option(
    "--dose-times",
    default=None,
    metavar="HH:MM,...",
    help="Dose times, one per dose a day (default: 08:00 to 20:00).",
)
@click.option(
    "--meal-times",
    default=None,
    metavar="MEAL=HH:MM,...",
    help="Meal times for magnesium, e.g. breakfast=07:30.",
)
@click.option(
    "--alarm", default="0", show_default=True, metavar="MINUTES", help="Alarm this many minutes before."
)
@click.option("--no-magnesium", is_flag=True, help="Leave magnesium servings out of the calendar.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@database_option
def calendar(
    out: str | None,
    tz: str | None,
    dose_times: str | None,
    meal_times: str | None,
    alarm: str,
    no_magnesium: bool,
    force: bool,
    database_url: str | None,
) -> None:
    """Write your plan as a calendar file (.ics) with reminders: doses, magnesium and step changes."""
    from stepdown.reports.ics import (
        build_calendar,
        parse_meal_times,
        parse_times,
        servings_from_magnesium_plan,
    )

    data = _report_data(database_url, None)
    plan = data.plan
    if plan is None:
        raise InvalidInput("There is no taper plan yet; make one with `stepdown init` first.", field="plan")
    from stepdown.domain.numbers import whole_text

    try:
        if not whole_text(alarm.strip()):  # ASCII digits only
            raise ValueError(alarm)
        minutes = int(alarm)
    except ValueError:
        raise InvalidInput(
            f"The alarm is a whole number of minutes, such as 10; got {alarm!r}.", field="alarm"
        ) from None
    times = parse_times(dose_times) if dose_times else None
    meals = parse_meal_times(meal_times) if meal_times else None
    zone = tz or data.timezone
    path = _target(out, "stepdown-taper.ics", force=force)
    text = build_calendar(
        plan,
        tz=zone,
        stamp=data.generated_at,
        dose_times=times,
        magnesium=() if no_magnesium else servings_from_magnesium_plan(data.magnesium),
        meal_times=meals,
        alarm_minutes=minutes,
        uid_seed=f"plan{data.plan_id}",
        sequence=data.revisions[-1].number,
    )
    _write(path, text)
    steps = formatting.count(len(plan.steps), "step", "steps")
    echo(f"Wrote {steps} from {formatting.day(plan.start)} to {formatting.day(plan.end)} ({zone}) to {path}.")
    echo("Import it into your phone's calendar; import it again after a plan change.")


@click.command(name="export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "fhir"]), default="json", show_default=True,
    help="json: everything, versioned; csv: one file per table (a folder, or a .zip); fhir: FHIR R4 Bundle.",
)  # fmt: skip
@click.option("--out", default=None, metavar="PATH", help="File (json, fhir) or folder/.zip (csv) to write.")
@click.option(
    "--name", default=None, metavar="NAME", help="fhir only: put this name in the Patient resource."
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@database_option
def export(fmt: str, out: str | None, name: str | None, force: bool, database_url: str | None) -> None:
    """Export your data: everything as JSON or CSV, or a FHIR R4 Bundle for a clinic."""
    stamp = _now()
    day = stamp.strftime("%Y%m%d")
    if fmt == "fhir":
        from stepdown.reports.fhir import bundle_json

        data = _report_data(database_url, _name(name))
        path = _target(out, f"stepdown-fhir-{day}.json", force=force)
        _write(path, bundle_json(data).encode("utf-8"))
        echo(f"Wrote a FHIR R4 Bundle to {path}.")
        return
    if name is not None:
        raise InvalidInput("--name is for --format fhir only.", field="name")
    from stepdown.reports.export import dumps, export_document, write_csv

    document = export_document(_engine(database_url), now=stamp)
    if fmt == "json":
        path = _target(out, f"stepdown-export-{day}.json", force=force)
        _write(path, dumps(document).encode("utf-8"))
    else:
        path = _target(out, f"stepdown-export-{day}-csv", force=force, folder=True)
        try:
            write_csv(document, path)
        except OSError as exc:
            raise InvalidInput(f"Could not write {path} ({exc.strerror}).", field="out") from None
    counts = {name: len(r) for name, r in document["tables"].items()}
    echo(f"Exported {table_counts(counts)} to {path}.")


@click.command(name="import")
@click.argument("path", metavar="PATH")
@database_option
def import_(path: str, database_url: str | None) -> None:
    """Import a JSON export into a new, EMPTY database (refused otherwise; nothing is changed)."""
    from stepdown.reports.import_ import import_document, parse_document

    source = Path(path).expanduser()
    if not source.is_file():
        raise InvalidInput(f"There is no file at {source}.", field="path")
    document = parse_document(source.read_bytes())
    counts = import_document(_engine(database_url), document)
    echo(f"Imported {table_counts(counts)}.")


@click.command(name="backup")
@click.option(
    "--out", default=None, metavar="PATH", help="Backup file (default: backups/ in the data folder)."
)
@database_option
def backup(out: str | None, database_url: str | None) -> None:
    """Back up the SQLite database, safely, even while stepdown is running."""
    from stepdown.reports import backup as bk
    from stepdown.settings import load_settings

    settings = load_settings(database_url=database_url)
    database = bk.sqlite_path(settings.database_url)
    if out:
        target = Path(out).expanduser()
    else:
        from stepdown.storage.files import private_folder

        target = private_folder(settings.data_dir / "backups") / bk.default_backup_path(
            settings.data_dir, _now()
        ).name
    done = bk.backup(database, target)
    echo(f"Backed up {database} to {done}.")


@click.command(name="restore")
@click.argument("path", metavar="PATH")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Restore without asking to confirm.")
@database_option
def restore(path: str, assume_yes: bool, database_url: str | None) -> None:
    """Replace the SQLite database with a backup (the current one is kept as a .bak copy first)."""
    from stepdown.reports import backup as bk
    from stepdown.settings import load_settings

    settings = load_settings(database_url=database_url)
    database = bk.sqlite_path(settings.database_url)
    source = Path(path).expanduser()
    problem = bk.check(source) if source.exists() else "there is no such file"
    if problem:
        raise InvalidInput(f"{source} cannot be restored: {problem}. Nothing was changed.", field="path")
    if not assume_yes:
        from stepdown.cli.prompts import confirm

        if not confirm(f"Replace {database} with {source}? The current database is kept as a .bak copy"):
            raise click.exceptions.Abort()
    kept = bk.restore(database, source, now=_now())
    echo(f"Restored {source} into {database}.")
    if kept is not None:
        echo(f"The database as it was is kept at {kept}.")


@click.command(name="note")
@click.argument("text", required=False, metavar="TEXT")
@database_option
def note(text: str | None, database_url: str | None) -> None:
    """Write a note for your clinician (it goes into `stepdown report`); without TEXT, list your notes."""
    from stepdown.cli.context import open_database
    from stepdown.services.notes import add_clinician_note, clinician_notes

    ctx = open_database(database_url)
    if text is None:
        notes = clinician_notes(ctx.engine, ctx.person.id)
        if not notes:
            echo('No notes for your clinician yet. Add one: stepdown note "what you want to ask".')
        for n in notes:
            echo(f"{(n.day or n.created_at.date()).isoformat()}  {n.text}")
        return
    saved = add_clinician_note(ctx.engine, ctx.person.id, text, day=ctx.person.today())
    echo(f"Saved your note for the clinician ({formatting.day(saved.day)}); it will be in your next report.")


def table_counts(counts: dict[str, int]) -> str:
    """Rows and tables counted the same way by export and import: "57 rows from 19 tables, 15 of
    them with rows"."""
    rows = formatting.count(sum(counts.values()), "row", "rows")
    tables = formatting.count(len(counts), "table", "tables")
    filled = sum(1 for n in counts.values() if n)
    return f"{rows} from {tables}, {filled} of them with rows"

"""`stepdown serve`: the local web app. Heavy imports stay inside the command body."""

from __future__ import annotations

import click

from stepdown import formatting
from stepdown.cli.errors import InputError
from stepdown.cli.output import echo
from stepdown.cli.types import Whole

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and the name localhost: only this computer can connect to them."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # another host name: it may resolve to any address
        return False


@click.command()
@click.option(
    "--host",
    default=None,
    help="Loopback address to bind to (127.0.0.1, another 127.x.x.x, ::1 or localhost). "
    "Default 127.0.0.1. Other addresses need the clinic server with sign-in (--accounts).",
)
@click.option("--port", type=Whole(1, 65535), default=None, help="Port to listen on. Default 8765.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
@click.option(
    "--demo",
    is_flag=True,
    help="Open a separate demo database (demo.db in the data folder) with three weeks of example data.",
)
@click.option(
    "--database-url", default=None, help="SQLAlchemy URL of the database (overrides STEPDOWN_DATABASE_URL)."
)
@click.option(
    "--accounts",
    is_flag=True,
    help="Run the clinic server: sign-in, roles, invitations and audit, for many people "
    "(see \"Clinic server\" in the README). Also STEPDOWN_ACCOUNTS=1.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Clinic server: app processes. Default 1."
)
def serve(
    host: str | None,
    port: int | None,
    no_browser: bool,
    demo: bool,
    database_url: str | None,
    accounts: bool,
    workers: int | None,
) -> None:
    """Start the web app on this computer and open it in the browser."""
    import os

    if accounts or os.environ.get("STEPDOWN_ACCOUNTS") == "1":
        _serve_clinic(host, port, database_url, workers)
        return
    import socket
    import threading
    import webbrowser

    from stepdown.settings import load_settings

    settings = load_settings(database_url=database_url)
    host = host or settings.host
    port = port or settings.port
    if not is_loopback(host):
        from stepdown.messages.security import NON_LOOPBACK_BIND

        raise InputError(NON_LOOPBACK_BIND.format(host=host))
    if demo:
        if database_url:
            raise InputError("--demo uses its own database; leave out --database-url.")
        url = f"sqlite:///{settings.data_dir / 'demo.db'}"
    else:
        url = settings.database_url
    from stepdown.storage.db import sqlite_file
    from stepdown.storage.files import private_folder

    path = sqlite_file(url)
    if path is not None and path.parent == settings.data_dir:
        private_folder(settings.data_dir)

    allowed = _allowed_hosts(host)
    _check_port_free(socket, host, port)

    import uvicorn

    from stepdown.web.app import create_app

    app = create_app(
        url,
        demo=demo,
        allowed_hosts=allowed,
        max_form_bytes=settings.max_form_kb * 1024,
        max_upload_bytes=settings.max_upload_mb << 20,
    )
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    echo(f"stepdown is running at {address}  (press Ctrl+C to stop)")
    if demo:
        echo(f"Demo database: {url.removeprefix('sqlite:///')}")
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _allowed_hosts(host: str) -> tuple[str, ...]:
    """The Host header names the app answers to: loopback names plus the bound address."""
    return tuple(dict.fromkeys((*LOOPBACK, host)))


def _check_port_free(socket_module, host: str, port: int) -> None:  # noqa: ANN001
    family = socket_module.AF_INET6 if ":" in host else socket_module.AF_INET
    with socket_module.socket(family, socket_module.SOCK_STREAM) as sock:
        sock.setsockopt(socket_module.SOL_SOCKET, socket_module.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"Cannot listen on {host} port {port} ({exc.strerror}); choose another with --port."
            ) from None


def _serve_clinic(host: str | None, port: int | None, database_url: str | None, workers: int | None) -> None:
    """The clinic server: any address is allowed (everyone signs in); TLS comes from a reverse proxy."""
    import os
    import socket

    import uvicorn

    from stepdown.settings import load_settings
    from stepdown.storage.db import upgrade

    settings = load_settings(database_url=database_url)
    host = host or settings.host
    port = port or settings.port
    workers = workers or int(os.environ.get("STEPDOWN_WORKERS", "1"))
    _check_port_free(socket, host, port)
    upgrade(settings.database_url)  # once, before the workers start
    os.environ["STEPDOWN_DATABASE_URL"] = settings.database_url
    os.environ.setdefault("STEPDOWN_ALLOWED_HOSTS", ",".join(_allowed_hosts(host)))
    if settings.database_url.startswith("sqlite") and workers > 1:
        click.echo("Note: SQLite is for a trial; use PostgreSQL for several workers.", err=True)
    processes = formatting.count(workers, "worker", "workers")
    click.echo(f"stepdown clinic server on {host}:{port} with {processes}  (press Ctrl+C to stop)")
    uvicorn.run(
        "stepdown.web.accounts.asgi:create",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="warning",
        access_log=False,
        server_header=False,
    )

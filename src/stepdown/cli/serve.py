"""`stepdown serve`: the local web app. Heavy imports stay inside the command body."""

from __future__ import annotations

import click

from stepdown.cli.errors import InputError
from stepdown.cli.output import echo
from stepdown.cli.types import Whole

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option(
    "--host",
    default=None,
    help="Address to bind to. Default 127.0.0.1: only this computer can reach the app. "
    "Give another address only if you mean other devices to reach your health data.",
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
def serve(host: str | None, port: int | None, no_browser: bool, demo: bool, database_url: str | None) -> None:
    """Start the web app on this computer and open it in the browser."""
    import socket
    import threading
    import webbrowser

    from stepdown.settings import load_settings

    settings = load_settings(database_url=database_url)
    host = host or settings.host
    port = port or settings.port
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

    app = create_app(url, demo=demo, allowed_hosts=allowed)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{'[' + shown_host + ']' if ':' in shown_host else shown_host}:{port}/"
    echo(f"stepdown is running at {address}  (press Ctrl+C to stop)")
    if demo:
        echo(f"Demo database: {url.removeprefix('sqlite:///')}")
    if host not in LOOPBACK:
        echo(
            f"Warning: bound to {host}; other devices on your network can reach your health data.", err=True
        )
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _allowed_hosts(host: str) -> tuple[str, ...]:
    if host in ("0.0.0.0", "::"):
        return ("*",)
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

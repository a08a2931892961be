"""Friendly CLI errors: one plain sentence, exit code 2, no traceback."""

import click


class InputError(click.ClickException):
    """Bad input from the person; nothing was stored."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)

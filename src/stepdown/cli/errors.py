"""Friendly CLI errors: one plain sentence, exit code 2, no traceback."""

import click


class InputError(click.ClickException):
    """Bad input from the person; nothing was stored."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        from stepdown.cli.output import clean

        click.echo(f"Error: {clean(self.format_message())}", err=True)

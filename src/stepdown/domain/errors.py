"""The one error the domain raises for bad input; front ends turn it into a plain message."""


class InvalidInput(ValueError):
    """Input that cannot be used, with one plain sentence saying what is wrong and what is accepted."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

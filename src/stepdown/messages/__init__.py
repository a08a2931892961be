"""User-facing wording, in one place so clinical wording can be reviewed together.

One module per area: `safety` (disclaimer, urgent guidance, helplines) and others added by area.
Magnesium is always written "Mg" or "magnesium", never "MGM": MGM-15 and MGM-16 are opioids.
"""


def N_(text: str) -> str:  # noqa: N802 - gettext's conventional name, a keyword pybabel knows
    """Marks wording for `pybabel extract` and returns it unchanged (gettext's deferred-translation
    marker): the constants stay plain strings, so the pure domain imports them without Babel or a
    catalogue; a front end translates the text where it shows it."""
    return text

"""Terminal sparklines: a row of ▁▂▃▄▅▆▇█ for a series, with gaps for missing days."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"
GAP = " "


def sparkline(
    values: Sequence[float | int | None], *, low: float | None = None, high: float | None = None
) -> str:
    """One character per value. `low`/`high` fix the scale (e.g. 0 and a scale's maximum) so lines
    from different days compare; by default the series' own range is used. None prints a gap."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return GAP * len(values)
    lo = min(present) if low is None else float(low)
    hi = max(present) if high is None else float(high)
    span = hi - lo
    out = []
    for value in values:
        if value is None:
            out.append(GAP)
            continue
        if span <= 0:
            out.append(BARS[0])
            continue
        share = min(max((float(value) - lo) / span, 0.0), 1.0)
        out.append(BARS[round(share * (len(BARS) - 1))])
    return "".join(out)

"""User-facing wording, in one place so clinical wording can be reviewed together.

One module per area: `safety` (disclaimer, urgent guidance, helplines) and others added by area.
Magnesium is always written "Mg" or "magnesium", never "MGM": MGM-15 and MGM-16 are opioids.
"""

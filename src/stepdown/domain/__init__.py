"""The pure domain core: planning, scoring and rules.

Nothing in this package does I/O: no database, no printing, no clock reads ("today" is passed in),
no imports from storage, services, cli, web or reports.
"""

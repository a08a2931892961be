"""The recovery toolkit: cravings, breathing, lapses, self-care, support network, milestones.

Pure rules like the rest of the domain: no I/O, no clock reads ("now" and "today" are parameters).
"""

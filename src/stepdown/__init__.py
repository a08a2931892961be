"""stepdown: plan and follow a taper off 7-OH with magnesium support. Not medical advice."""

__version__ = "0.1.0"

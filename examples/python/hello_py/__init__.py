"""The squashrun Python example."""

__version__ = "0.1.0"

"""redline: watch news articles after publication and say exactly what changed."""

__version__ = "0.1.0"

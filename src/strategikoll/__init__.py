"""strategikoll: check proposals for international engagements against a city's strategy."""

__version__ = "0.1.0"

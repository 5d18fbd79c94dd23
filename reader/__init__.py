"""Reader: read several sources on the same story side by side."""

__version__ = "0.1.0"

"""User-facing text, one module per language: `sv` (default) and `en`."""

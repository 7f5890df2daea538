"""The version of gangso, in the core so that every layer (the history cache's key, the
CLI's ``--version``) reads it without importing the package's public face."""

__version__ = "0.1.0"

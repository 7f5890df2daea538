"""Renderers: Rich tables for the terminal, and writers for report files.

Only this package and :mod:`gangso_cli.cli` import rich; the library core does not.
"""

"""What every capability shares: money, diagnostics, YAML with locations, the file models,
the loader, the bundled data, report tables and the Korean labels. Imports nothing above it."""

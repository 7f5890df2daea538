"""The plan of one year: envelopes, the split of each zone's budget into lines, the checks,
budget changes, validation of files and the diff of two versions."""

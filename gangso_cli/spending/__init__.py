"""Spending against the plan: ledgers read (sheets opens any file, header finds the
table, columns gives each column its role, funds and names read funds and line names as
the systems write them, shape turns a rich layout into entries, amounts parses every
amount; ledger ties them together), matched to budget lines (targets, match) and added up
(execution, totals); carry-over and the year-end close; the whole pipeline in one call
(run.run_spending)."""

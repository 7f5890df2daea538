"""Spending against the plan: ledgers read (ledger), matched to budget lines (match) and
added up (execution, totals); carry-over and the year-end close; the whole pipeline in one
call (run.run_spending)."""

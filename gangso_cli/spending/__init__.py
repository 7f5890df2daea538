"""Spending against the plan: ledgers read, matched to budget lines and added up; carry-over
and the year-end close."""

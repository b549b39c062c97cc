"""Outputs of runs: files, tables, plots and reports, made from result objects."""

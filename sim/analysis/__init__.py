"""Analyses of runs: targets (scorecard, drivers, solver), sweeps, calibration and backtest.

- :mod:`sim.analysis.targets`: the probability of meeting each official target, what drives it,
  and what it would take.
- :mod:`sim.analysis.sweep`: many scenarios, or a lever grid, run as one job into one table.
- :mod:`sim.analysis.calibration`: parameters fitted to history, and the rolling-origin backtest.
"""

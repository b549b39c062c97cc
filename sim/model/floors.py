"""Floors that keep levels positive whatever the draws."""

from __future__ import annotations

import numpy as np

MIN_GROWTH = -95.0
"""Floor of any growth rate or price change, percent: keeps levels positive."""
MIN_SHARE = 1 + MIN_GROWTH / 100
"""The same floor as a share of last year's level (a level keeps at least 5% of it)."""


def grow(level: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """``level * (1 + growth / 100)`` with growth floored at ``MIN_GROWTH`` (percent)."""
    return level * (1 + np.maximum(growth, MIN_GROWTH) / 100)


def log_growth(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """100 x the log change from ``old`` to ``new`` (percent, continuously compounded)."""
    return 100 * np.log(new / old)

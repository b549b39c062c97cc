"""Input-output (Leontief) spillovers between sectors.

With regional technical coefficients A (sectors x sectors) and gross output x, final demand is
f = (I - A) x and gross output answers final demand through the Leontief inverse L = (I - A)^-1.
In growth rates, a change of final demand by g_f percent in each sector changes gross output by

    g_x = M g_f,   M = diag(x)^-1 L diag(f)                                          (1)

Every row of M sums to one (since L f = x): equal growth of all final demands grows every sector
at that rate, while a shock to one sector's demand spills over to its suppliers. The model applies
(1) to the deviations of sector demand from trend (``sim.model.core``).
"""

from __future__ import annotations

import numpy as np


def gross_output(va: np.ndarray, va_ratio: np.ndarray) -> np.ndarray:
    """Gross output x = VA / v (RMB bn) from value added and value-added ratios v (0-1)."""
    return va / va_ratio


def spillover_matrix(io_coefficients: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Growth-rate multiplier matrix M of equation (1), shaped (sectors, sectors).

    Parameters
    ----------
    io_coefficients : ndarray, shape (sectors, sectors)
        Regional technical coefficients A (input from row sector per unit output of column).
    output : ndarray, shape (sectors,)
        Gross output x in the base year, RMB bn.

    Raises
    ------
    ValueError
        If final demand (I - A) x is not positive in every sector: the table then cannot
        describe the economy.
    """
    n = len(output)
    eye = np.eye(n)
    final_demand = (eye - io_coefficients) @ output
    if np.any(final_demand <= 0):
        bad = np.flatnonzero(final_demand <= 0).tolist()
        raise ValueError(f"final demand (I - A) x is not positive for sector indices {bad}")
    leontief = np.linalg.inv(eye - io_coefficients)
    return (leontief * final_demand[np.newaxis, :]) / output[:, np.newaxis]

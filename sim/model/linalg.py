"""Matrix products over draws that give the same bits for any number of draws."""

from __future__ import annotations

import numpy as np


def row_products(rows: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``rows @ matrix.T``, shape (draws, matrix rows), reproducible across chunk sizes.

    A matrix product through BLAS is 10x faster than ``einsum`` here. BLAS computes a single
    row as a matrix-vector product, whose last bit can differ from the same row inside a
    larger product; so a single row is computed as two. With two or more rows, each row's
    result does not depend on how many rows are multiplied together (checked for 2 to 65,536
    rows; the tests hold every chunk size to identical results).
    """
    if rows.shape[0] == 1:
        return (np.concatenate([rows, rows]) @ matrix.T)[:1]
    return rows @ matrix.T

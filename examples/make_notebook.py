"""Write ``tour.ipynb`` from ``tour.py`` (cells separated by ``# %%``, markdown by ``[markdown]``).

The script is the source: edit it, then run ``python examples/make_notebook.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def cells(script: str) -> list[dict]:
    """Notebook cells of a percent-format script."""
    out = []
    for block in re.split(r"^# %%", script, flags=re.MULTILINE)[1:]:
        header, _, body = block.partition("\n")
        lines = body.strip("\n").splitlines()
        if "[markdown]" in header:
            source = [line.removeprefix("#").removeprefix(" ") for line in lines]
            out.append({"cell_type": "markdown", "metadata": {}, "source": _joined(source)})
        else:
            out.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [],
                    "source": _joined(lines),
                }
            )
    return out


def _joined(lines: list[str]) -> list[str]:
    return [line + "\n" for line in lines[:-1]] + lines[-1:]


def notebook(script: str) -> dict:
    """The notebook (nbformat 4) of a percent-format script."""
    return {
        "cells": cells(script),
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


if __name__ == "__main__":
    text = (HERE / "tour.py").read_text(encoding="utf-8")
    target = HERE / "tour.ipynb"
    target.write_text(json.dumps(notebook(text), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {target}")

"""Build hook: ship ``scenarios/``, ``seeds/`` and ``calibration/`` inside the package.

The three folders stay at the top of the repository (where users and the documentation expect
them); a wheel carries them as ``sim/_data/<folder>/`` through setuptools' ``package_dir``
mapping, so an installed cqsim reads them with ``importlib.resources``
(:mod:`sim.inputs.shipped`), and an editable install reads them where they are. Everything
else is in ``pyproject.toml``.
"""

from pathlib import Path

from setuptools import find_packages, setup

DATA_FOLDERS = ("scenarios", "seeds", "calibration")
"""Top-level folders shipped as package data, as ``sim._data.<folder>``."""

DATA_FILES = ["*.yaml", "*.csv", "*.md"]
"""The files of those folders that are data (the scripts that made them stay in the repo)."""


def data_packages() -> dict[str, str]:
    """``sim._data.<folder>[.<sub>...]`` -> its folder, for every folder holding data."""
    out = {}
    for top in DATA_FOLDERS:
        for folder in [Path(top), *sorted(p for p in Path(top).rglob("*") if p.is_dir())]:
            if folder.name.startswith((".", "__")):
                continue
            out[".".join(("sim", "_data", *folder.parts))] = folder.as_posix()
    return out


DATA = data_packages()

setup(
    packages=[*find_packages(include=["sim", "sim.*"]), *DATA],
    package_dir={f"sim._data.{top}": top for top in DATA_FOLDERS},
    package_data={
        "sim.outputs": ["templates/*.j2", "templates/*.css"],
        **{name: DATA_FILES for name in DATA},
    },
    exclude_package_data={name: ["*.py"] for name in DATA},
)

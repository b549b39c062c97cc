"""Build hook: ship ``scenarios/``, ``seeds/`` and ``calibration/`` inside the package.

The three folders stay at the top of the repository (where users and the documentation expect
them); a wheel carries them as ``sim/_data/<folder>/`` through setuptools' ``package_dir``
mapping, so an installed cqsim reads them with ``importlib.resources``
(:mod:`sim.inputs.shipped`), and an editable install reads them where they are. Everything
else is in ``pyproject.toml``.
"""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

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


class BuildPy(build_py):
    """build_py that leaves out the scripts of the data folders (how the data were made)."""

    def find_package_modules(self, package: str, package_dir: str) -> list:
        """No modules in a data package; the usual ones elsewhere."""
        if package.startswith("sim._data"):
            return []
        return super().find_package_modules(package, package_dir)


DATA = data_packages()

setup(
    cmdclass={"build_py": BuildPy},
    # The report's templates: a data package of their own (as package data of sim.outputs,
    # setuptools warns that the folder is an importable package left out of `packages`).
    packages=[*find_packages(include=["sim", "sim.*"]), "sim.outputs.templates", *DATA],
    package_dir={f"sim._data.{top}": top for top in DATA_FOLDERS},
    package_data={
        "sim.outputs.templates": ["*.j2", "*.css"],
        **{name: DATA_FILES for name in DATA},
    },
)

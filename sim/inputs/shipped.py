"""The data files cqsim ships (scenarios, seeds, calibration), wherever it is installed.

In the repository they are the top-level folders ``scenarios/``, ``seeds/`` and
``calibration/``. A wheel carries them inside the package as ``sim/_data/<folder>/`` (``setup.py``
maps them there), read here with :mod:`importlib.resources`; an editable install or a source
checkout reads them in the repository. Either way the rest of the package asks this module, never
a path relative to its own source file.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal

Folder = Literal["scenarios", "seeds", "calibration"]
FOLDERS: tuple[Folder, ...] = ("scenarios", "seeds", "calibration")

_REPOSITORY = Path(__file__).resolve().parents[2]
"""The repository root when running from a checkout (or an editable install)."""


def shipped_dir(folder: Folder) -> Path:
    """The folder of shipped data files of that name.

    Parameters
    ----------
    folder : {"scenarios", "seeds", "calibration"}
        Which folder.

    Returns
    -------
    Path
        ``sim/_data/<folder>`` inside an installed package, else ``<repository>/<folder>``.
    """
    if folder not in FOLDERS:
        raise ValueError(f"unknown data folder {folder!r}; shipped: {', '.join(FOLDERS)}")
    packaged = resources.files("sim") / "_data" / folder
    if isinstance(packaged, Path) and packaged.is_dir():  # installed from a wheel
        return packaged
    return _REPOSITORY / folder


def shipped_file(folder: Folder, *parts: str) -> Path:
    """A shipped file: ``shipped_file("seeds", "targets.yaml")``."""
    return shipped_dir(folder).joinpath(*parts)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as a report shows it: never the absolute path of this machine.

    A shipped file is named by its folder (``seeds/baseline_2025.yaml``); a file below the
    working folder by its path from there; any other by its name alone.
    """
    path = Path(path)
    resolved = path.resolve()
    for folder in FOLDERS:
        root = shipped_dir(folder).resolve()
        if resolved.is_relative_to(root):
            return (Path(folder) / resolved.relative_to(root)).as_posix()
    cwd = Path.cwd().resolve()
    if resolved.is_relative_to(cwd):
        return resolved.relative_to(cwd).as_posix()
    return path.name

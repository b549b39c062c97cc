"""The package's version, from its installed metadata (the one version source)."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata


@lru_cache(maxsize=1)
def package_version() -> str:
    """Installed version of cqsim (read once a process: the metadata lookup takes 4 ms)."""
    try:
        return metadata.version("cqsim")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"

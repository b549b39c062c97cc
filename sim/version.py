"""The package's version, from its installed metadata (the one version source)."""

from __future__ import annotations

from importlib import metadata


def package_version() -> str:
    """Installed version of cqsim."""
    try:
        return metadata.version("cqsim")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"

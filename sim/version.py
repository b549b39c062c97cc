"""The package's version, from its installed metadata (the one version source)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def package_version() -> str:
    """Installed version of cqsim (read once a process: the metadata lookup takes 4 ms).

    ``importlib.metadata`` is imported here, not at the top (about 25 ms), so that building the
    command line's parser (``--help``) does not import it.
    """
    from importlib import metadata

    try:
        return metadata.version("cqsim")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"

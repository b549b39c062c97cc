"""``cache info`` and ``cache clear``: the pipeline cache in the user's cache folder."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cache`` command."""
    parser = sub.add_parser(
        "cache",
        help="show or empty the pipeline cache (in the user's cache folder)",
        description="The investment pipeline's replications are cached by the hash of their "
        "inputs, in the user's cache folder (or $CQSIM_PIPELINE_CACHE). An entry is rebuilt "
        "when needed, so clearing the cache only costs time.",
    )
    parser.add_argument("action", choices=("info", "clear"), help="info: where and how much; clear")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print where the cache is and what it holds, or empty it."""
    from sim.pipeline.cache import cache_dir, cache_usage, clear_cache

    folder = cache_dir()
    if args.action == "clear":
        entries, size = clear_cache()
        print(f"removed {entries} entries ({_size(size)}) from {folder}")
        return 0
    entries, size = cache_usage()
    state = "" if folder.is_dir() else " (not created yet)"
    print(f"pipeline cache: {folder}{state}")
    print(f"{entries} entries, {_size(size)}")
    return 0


def _size(size: int) -> str:
    """Bytes as text: ``0 B``, ``12.3 MB``."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"

"""Read a file the user names without hanging, exhausting memory or following a loop.

Every file the tool reads from a user (scenario, sweep, targets, history, a cache entry) goes
through :func:`read_bytes`: the path is checked first (no NUL byte, a sane length), the file is
opened without blocking (a FIFO with no writer, a terminal), must be a regular file (not a
folder, a FIFO, a socket or a device such as ``/dev/zero``), and is read up to its limit plus one
byte, so that its size is what was read, never what ``stat`` claims. A problem is an
:class:`UnreadableFile` whose message says what is wrong, for the reader to put in its own error
(``file: problem``).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from sim.inputs.limits import MAX_PATH_CHARS

SAFE_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader: libyaml's C one where installed (ten times faster on the 150 kB
parameters file), the pure-Python one otherwise."""

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
)

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_ERRNO_TEXT = {
    errno.ENOENT: "file not found",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ELOOP: "too many levels of symbolic links (a loop?)",
    errno.ENAMETOOLONG: "the path or a name in it is too long",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
}


class UnreadableFile(Exception):
    """A file cannot be read; the message says why (without the file name)."""


def path_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a path, or None.

    Refuses an empty path, a NUL byte (no file system allows it), and more than
    ``MAX_PATH_CHARS`` characters.
    """
    if not text:
        return "an empty path"
    if "\x00" in text:
        return "the path contains a NUL byte"
    if len(text) > MAX_PATH_CHARS:
        return f"the path is {len(text):,} characters long; at most {MAX_PATH_CHARS:,}"
    return None


def describe_os_error(exc: OSError) -> str:
    """A short reason for an OS error, without the path: ``file not found``."""
    return _ERRNO_TEXT.get(exc.errno or 0, f"cannot read: {exc.strerror or exc}")


def kind_problem(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not a regular file, or None."""
    for test, message in _KINDS:
        if test(mode):
            return message
    return None if stat.S_ISREG(mode) else "is not a regular file"


def read_bytes(path: Path | str, limit: int, what: str = "file") -> bytes:
    """At most ``limit`` bytes of a regular file.

    Parameters
    ----------
    path : path
        The file.
    limit : int
        Largest size allowed, bytes; a larger file is refused after reading ``limit + 1`` bytes.
    what : str
        What the file is, for the message about its size (``"scenario files"``).

    Raises
    ------
    UnreadableFile
        If the path is malformed, the file is missing, unreadable, not a regular file, or larger
        than ``limit``.
    """
    problem = path_problem(os.fspath(path))
    if problem is not None:
        raise UnreadableFile(problem)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise UnreadableFile(describe_os_error(exc)) from None
    except ValueError as exc:  # pragma: no cover - path_problem catches NUL bytes first
        raise UnreadableFile(str(exc)) from None
    try:
        problem = kind_problem(os.fstat(fd).st_mode)
        if problem is not None:
            raise UnreadableFile(problem)
        data = _read_up_to(fd, limit + 1)
    except OSError as exc:
        raise UnreadableFile(describe_os_error(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableFile(f"larger than {limit:,} bytes; {what} are at most {limit:,} bytes")
    return data


def _read_up_to(fd: int, size: int) -> bytes:
    """Read until ``size`` bytes or the end of the file."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_text(path: Path | str, limit: int, what: str = "file") -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte-order mark is allowed and dropped)."""
    data = read_bytes(path, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text (byte {exc.start + 1})") from None


def resolve(path: Path) -> Path:
    """``path`` made absolute with symbolic links resolved, as far as they resolve.

    Raises
    ------
    UnreadableFile
        For a loop of symbolic links or a path the system refuses.
    """
    problem = path_problem(os.fspath(path))
    if problem is not None:
        raise UnreadableFile(problem)
    try:
        return Path(path).resolve()
    except RuntimeError:  # Python < 3.13: "Symlink loop from ..."
        raise UnreadableFile("too many levels of symbolic links (a loop?)") from None
    except OSError as exc:
        raise UnreadableFile(describe_os_error(exc)) from None

"""Output folders: checked before any work, written atomically, never lost, never leaked.

* :func:`output_problem` says, before a command computes anything, why its results could not be
  written where it was asked: a path that is too long or has a NUL byte, a symbolic link, an
  existing file or non-empty folder, a mount point, a path below a file, a folder that cannot be
  written (read-only, no permission), a full file system.
* :class:`AtomicDirectory` gives a hidden staging folder beside the destination and renames it
  into place when every file is complete (a crash or Ctrl-C leaves nothing under the
  destination's name). A staging folder holds a lock (``fcntl.flock``) for the life of the
  process that made it, with its pid inside for people; the kernel releases the lock when the
  process dies, even by ``kill -9``, so the next run that stages beside it (or anywhere in the
  default ``outputs/`` tree) removes it. If another run took the destination meanwhile (two runs
  in the same second), the loser takes the next free name (``<name>-2``, ...) and keeps its work.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import count
from pathlib import Path
from types import TracebackType
from typing import IO

from sim.inputs.errors import UserError
from sim.inputs.safe_read import path_problem

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: staging folders are then found by age only
    fcntl = None  # type: ignore[assignment]

STAGING_MARK = ".partial-"
"""Part of every staging folder's name: ``.<destination name>.partial-<pid>-<random>``."""
LOCK_NAME = ".cqsim-staging.lock"
"""The lock file inside a staging folder (removed before the folder becomes the result)."""
LOCKLESS_GRACE_S = 600.0
"""A staging folder without a lock file (from an older version) is stale after this long."""
MAX_OUT_NAME = 200
"""Longest name of an output folder: a staging name adds up to 40 characters to it, and file
systems allow 255."""
MIN_FREE_BYTES = 16 * 1024 * 1024
"""A file system with less free space than this is refused before any work."""
OUTPUT_WRITE_ERRORS = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EIO,
    errno.ENAMETOOLONG,
}
"""Errors writing results that the user can act on (a full disk, a read-only file system)."""
_STAGING_NAME = re.compile(r"^\..+\.partial-(?:[0-9]+-)?[A-Za-z0-9_]+$")


class OutputExistsError(Exception):
    """The requested output folder already holds something."""


def _exists(path: Path) -> bool:
    """Whether anything (a broken symbolic link included) is at ``path``."""
    return os.path.lexists(path)


def destination_problem(destination: Path) -> str | None:
    """What is wrong with ``destination`` itself, or None (see :func:`output_problem`)."""
    problem = path_problem(os.fspath(destination))
    if problem is not None:
        return problem
    if len(destination.name) > MAX_OUT_NAME:
        return f"the folder name is {len(destination.name)} characters long; at most {MAX_OUT_NAME}"
    if destination.is_symlink():
        if not destination.exists():
            return "is a symbolic link to something that does not exist; give a real folder"
        return "is a symbolic link; give the folder itself"
    if _exists(destination):
        if not destination.is_dir():
            return "is a file; give a folder"
        if any(destination.iterdir()):
            return (
                "already exists and is not empty; earlier results are never replaced: "
                "choose another --out"
            )
        if os.path.ismount(destination):
            return "is a mount point; give a folder inside it"
    return None


def writable_ancestor_problem(destination: Path) -> str | None:
    """Whether the folder that would hold ``destination`` can be made and written, or why not."""
    ancestor = destination.parent
    while not _exists(ancestor) and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{ancestor} is not a folder"
    try:
        probe = tempfile.mkdtemp(prefix=".cqsim-probe-", dir=ancestor)
        os.rmdir(probe)
    except OSError as exc:
        return f"cannot write in {ancestor}: {exc.strerror}"
    try:
        free = os.statvfs(ancestor)
    except (OSError, AttributeError):  # pragma: no cover - not POSIX
        return None
    if free.f_bavail * free.f_frsize < MIN_FREE_BYTES:
        return f"the file system of {ancestor} is full"
    return None


def output_problem(destination: Path) -> str | None:
    """Why results could not be written to ``destination``, or None; nothing is left behind.

    Parameters
    ----------
    destination : Path
        The output folder asked for (it may not exist yet, nor its parents).
    """
    try:
        return destination_problem(destination) or writable_ancestor_problem(destination)
    except OSError as exc:
        return f"cannot use it: {exc.strerror}"


def check_output(destination: Path) -> None:
    """Raise a :class:`UserError` if results could not be written to ``destination``."""
    problem = output_problem(destination)
    if problem is not None:
        raise UserError(f"{destination}: {problem}")


def check_output_file(path: Path) -> None:
    """Raise a :class:`UserError` if a file could not be written at ``path`` (before any work).

    The file may be replaced (it is written beside and renamed into place); it must not be a
    folder, a symbolic link or below a file, and its folder must be writable.
    """
    problem = path_problem(os.fspath(path))
    try:
        if problem is None and len(path.name) > MAX_OUT_NAME:
            problem = f"the file name is {len(path.name)} characters long; at most {MAX_OUT_NAME}"
        elif problem is None and path.is_symlink():
            problem = "is a symbolic link; give the file itself"
        elif problem is None and _exists(path) and not path.is_file():
            problem = "is not a regular file (a folder?); --out takes a file name"
        problem = problem or writable_ancestor_problem(path)
    except OSError as exc:
        problem = f"cannot use it: {exc.strerror}"
    if problem is not None:
        raise UserError(f"{path}: {problem}")


def _hold_lock(path: Path) -> IO[str]:
    """Create ``path``, lock it for this process's life and write the pid into it."""
    handle = open(path, "w", encoding="ascii")  # noqa: SIM115 - held until released
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _is_stale(folder: Path, now: float) -> bool:
    """Whether the process that made a staging folder is gone (its lock is free)."""
    lock = folder / LOCK_NAME
    try:
        fd = os.open(lock, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        try:
            return now - folder.stat().st_mtime > LOCKLESS_GRACE_S
        except OSError:
            return False
    except OSError:
        return False
    try:
        if fcntl is None:  # pragma: no cover
            return now - folder.stat().st_mtime > LOCKLESS_GRACE_S
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def remove_stale(directory: Path, depth: int = 0) -> list[Path]:
    """Remove the staging folders in ``directory`` whose process is gone; return them.

    With ``depth`` > 0, also in its subfolders that many levels down. Never raises: what cannot
    be read or removed is left.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        path = Path(entry.path)
        if _STAGING_NAME.match(entry.name):
            if _is_stale(path, now):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        elif depth > 0 and not entry.name.startswith("."):
            removed += remove_stale(path, depth - 1)
    return removed


class AtomicDirectory:
    """A staging folder that becomes ``destination`` when the ``with`` block succeeds.

    ``with AtomicDirectory(destination) as staging:`` yields the staging folder; on success it
    is renamed to ``destination`` (or, if another run took that name meanwhile, to the next
    free ``<name>-k``: see :attr:`destination` afterwards); on any error it is removed. Staging
    folders left by dead processes beside it, or in ``also_clean`` (two levels down), are
    removed first.

    Raises
    ------
    OutputExistsError
        If ``destination`` exists and is not an empty folder.
    UserError
        If the results cannot be written (a full disk, a read-only file system).
    """

    def __init__(self, destination: Path, also_clean: Path | None = None) -> None:
        self.requested = Path(destination)
        self.destination = self.requested
        self.also_clean = also_clean
        self.staging: Path | None = None
        self._lock: IO[str] | None = None
        self._flusher: ThreadPoolExecutor | None = None
        self._flushing: dict[Path, Future[None]] = {}

    def __enter__(self) -> Path:
        problem = destination_problem(self.requested)
        if problem is not None and _exists(self.requested):
            raise OutputExistsError(f"{self.requested} {problem}")
        parent = self.requested.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            remove_stale(parent)
            if self.also_clean is not None:
                remove_stale(self.also_clean, depth=2)
            prefix = f".{self.requested.name[:MAX_OUT_NAME]}{STAGING_MARK}{os.getpid()}-"
            self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
            share_as_umask_allows(self.staging)
            self._lock = _hold_lock(self.staging / LOCK_NAME)
        except OSError as exc:
            self._discard()
            raise self._write_error(exc) from None
        return self.staging

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self._discard()
            if isinstance(exc, OSError) and exc.errno in OUTPUT_WRITE_ERRORS:
                raise self._write_error(exc) from None
            return
        try:
            self._sync()
            self._release(unlink=True)
            self.destination = self._rename()
        except BaseException as error:
            self._discard()
            if isinstance(error, OSError) and error.errno in OUTPUT_WRITE_ERRORS:
                raise self._write_error(error) from None
            raise

    def flush_soon(self, path: Path) -> None:
        """Start flushing a finished file of the staging folder to disk, in the background.

        The flush (seconds for a large draws file) overlaps what the command does next; the
        folder is renamed only once it is done, and an error it met is raised then.
        """
        if self._flusher is None:
            self._flusher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cqsim-fsync")
        self._flushing[Path(path)] = self._flusher.submit(_fsync, Path(path))

    def _write_error(self, exc: OSError) -> UserError:
        return UserError(
            f"cannot write the results to {self.requested}: {exc.strerror}; nothing was written"
        )

    def _sync(self) -> None:
        """Flush every file of the staging folder to disk (waiting for those flushing already)."""
        assert self.staging is not None
        for path in self.staging.rglob("*"):
            if path in self._flushing:
                self._flushing[path].result()
            elif path.is_file() and path.name != LOCK_NAME:
                _fsync(path)
        if self._flusher is not None:
            self._flusher.shutdown()

    def _rename(self) -> Path:
        """Rename the staging folder to the destination, or the next free name after it."""
        assert self.staging is not None
        base = self.requested
        for k in count(1):
            candidate = base if k == 1 else base.with_name(f"{base.name}-{k}")
            try:
                os.rename(self.staging, candidate)  # replaces an empty folder atomically
            except OSError as exc:
                taken = exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR)
                if not taken or k >= 1000:
                    raise
                continue
            return candidate
        raise AssertionError("unreachable")  # pragma: no cover

    def _release(self, unlink: bool = False) -> None:
        if self._lock is None:
            return
        if unlink and self.staging is not None:
            (self.staging / LOCK_NAME).unlink(missing_ok=True)
        self._lock.close()
        self._lock = None

    def _discard(self) -> None:
        """Remove the staging folder (and release its lock), once background flushes end."""
        if self._flusher is not None:
            self._flusher.shutdown(wait=True)
        self._release()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)


def _fsync(path: Path) -> None:
    """Flush a file's contents to disk."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def share_as_umask_allows(folder: Path) -> None:
    """Give a folder made private by ``tempfile.mkdtemp`` (0700) the mode ``mkdir`` would give.

    Run folders are often shared (a team drive): with the usual umask 022 colleagues can read
    them, with 027 the group can, with 077 nobody else can, as for any folder the user makes.
    """
    mask = os.umask(0o077)  # reading the umask means setting it; restored at once
    os.umask(mask)
    folder.chmod(0o777 & ~mask)


def atomic_directory(destination: Path, also_clean: Path | None = None) -> AtomicDirectory:
    """``with atomic_directory(dest) as staging:``: see :class:`AtomicDirectory`."""
    return AtomicDirectory(destination, also_clean)

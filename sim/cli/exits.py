"""How a command ends: its exit code and the one line it prints when it fails.

====  ==========================================================================================
code  meaning
====  ==========================================================================================
0     success
2     bad input: a file, an option, an output folder, or numbers an input drives out of the
      model's domain (the results guard names it); one line per problem, nothing written
3     internal fault: a bug in cqsim (or the machine ran out of memory); one line with a hint,
      the traceback with ``--debug`` (or ``CQSIM_DEBUG=1``), nothing written
130   interrupted (Ctrl-C); nothing written
141   the reader of the output went away (``levers | head``): ends quietly, as a command killed
      by SIGPIPE does
====  ==========================================================================================

Numeric warnings (``RuntimeWarning``, e.g. a 0/0 in numpy) are silenced while a command runs:
the results guard (``sim.execution.results_guard``) turns their effect, a number that is not
finite, into an error that names the indicator, year and input. Where warnings were made errors
(the tests' ``filterwarnings``, ``python -W error::RuntimeWarning``), they stay errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sim.inputs.errors import UserError

EXIT_OK = 0
EXIT_USAGE = 2
"""Exit code of every error the user can fix (:class:`sim.inputs.errors.UserError`)."""
EXIT_FAULT = 3
"""Exit code of an internal fault (a bug, or memory exhausted)."""
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141
DEBUG_ENV = "CQSIM_DEBUG"


def debug_requested(args: argparse.Namespace) -> bool:
    """``--debug`` was given, or ``CQSIM_DEBUG`` is set to something other than 0."""
    return bool(getattr(args, "debug", False)) or os.environ.get(DEBUG_ENV, "0") not in ("", "0")


def runtime_warnings_are_errors() -> bool:
    """Whether the warning filters in force turn a RuntimeWarning into an exception."""
    for action, message, category, module, _ in warnings.filters:
        if not _matches_all(message) or not _matches_all(module):
            continue
        if issubclass(RuntimeWarning, category):
            return action == "error"
    return False


def _matches_all(pattern: object) -> bool:
    """Whether a filter's message or module pattern (None, text or regex) matches anything."""
    text = getattr(pattern, "pattern", pattern)
    return text is None or text in ("", ".*")


@contextmanager
def numeric_warnings_guarded() -> Iterator[None]:
    """Silence RuntimeWarnings (the results guard reports their effect) unless they are errors."""
    if runtime_warnings_are_errors():
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
        pass


def fault_line(exc: BaseException) -> str:
    """The one line printed for an internal fault."""
    if isinstance(exc, MemoryError):
        return (
            "error: out of memory; run fewer --draws or a smaller --chunk-size "
            f"(exit code {EXIT_FAULT})"
        )
    text = str(exc).strip().splitlines()
    detail = f": {text[0][:300]}" if text else ""
    return (
        f"internal error ({type(exc).__name__}{detail}); this is a fault in cqsim, not in "
        "your input: rerun with --debug for the traceback and report it"
    )


def run_command(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command's handler and turn each way it can fail into its exit code and message."""
    debug = debug_requested(args)
    try:
        with numeric_warnings_guarded():
            code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return code
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_CLOSED_PIPE
    except Exception as exc:  # noqa: BLE001 - every other failure is an internal fault
        if debug:
            traceback.print_exc()
        print(fault_line(exc), file=sys.stderr)
        return EXIT_FAULT

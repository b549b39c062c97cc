"""Sub-commands of the command line, one module each: ``register(subparsers)`` adds the command.

A new command is a module here with a ``register`` function, listed in ``sim.cli.COMMANDS``.
Commands import heavy modules (the engine, matplotlib, SALib, Dask) inside their handler, so that
``--help`` and ``validate`` start fast.
"""

"""Running a scenario's draws: random streams, chunks, executors (local, Dask), summaries.

- :mod:`sim.execution.streams`: the random inputs of every draw, in fixed blocks.
- :mod:`sim.execution.executors`: where chunks of draws run (this process, local workers, Dask).
- :mod:`sim.execution.summaries`: means and percentiles that stream and merge exactly.
- :mod:`sim.execution.simulate`: a scenario's draws in chunks through the model, into an Ensemble.
"""

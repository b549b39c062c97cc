"""Everything the tool reads and validates, and the metadata of its inputs.

- :mod:`sim.inputs.errors`: problems users can fix (``file:line: field: problem``), exit code 2.
- :mod:`sim.inputs.levers`: the registry of assumptions and policy levers (plain data).
- :mod:`sim.inputs.scenario`: scenario files: safe YAML, ``extends``, schema, values.
- :mod:`sim.inputs.seeds`: the 2025 baseline figures with their sources.
- :mod:`sim.inputs.parameters_file`: ``calibration/parameters.yaml`` into model parameters.
- :mod:`sim.inputs.sweep_file`: sweep files (lists of scenarios, lever grids).
- :mod:`sim.inputs.targets_file`: the official targets (``seeds/targets.yaml``).
- :mod:`sim.inputs.history`: the history CSV the calibration fits.
"""

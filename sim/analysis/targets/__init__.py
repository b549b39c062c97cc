"""Official targets: the scorecard, what drives each target, and what it would take.

The targets themselves are read by :mod:`sim.inputs.targets_file`.

- :mod:`sim.analysis.targets.scorecard`: probability of meeting each target (share of draws),
  status, and the scorecard tables.
- :mod:`sim.analysis.targets.drivers`: Sobol indices (SALib) of the uncertain inputs; lever
  tornado.
- :mod:`sim.analysis.targets.solve`: the lever value that reaches a probability (brentq, common
  random numbers).
- :mod:`sim.analysis.targets.moves`: moving one lever of a scenario (constants, paths,
  distributions alike).
- :mod:`sim.analysis.targets.discovery`: why a target would be missed (PRIM boxes over what each
  draw sampled).

SALib is imported only when Sobol indices are computed, PRIM only when boxes are searched.
"""

# %% [markdown]
# # cqsim from Python: a tour
#
# The notebook `tour.ipynb` beside this file holds the same cells (`python
# examples/make_notebook.py` writes it from this script; a test runs the script and checks the
# two agree). Run it in Jupyter, or as a script: `python examples/tour.py`.
#
# For a quick look set fewer draws and pipeline replications (`CQSIM_EXAMPLE_DRAWS=200`,
# `CQSIM_EXAMPLE_REPLICATIONS=2`): the tour then runs in seconds.

# %%
import os

import sim
from sim.outputs import plots

DRAWS = int(os.environ.get("CQSIM_EXAMPLE_DRAWS", "2000"))
REPLICATIONS = int(os.environ.get("CQSIM_EXAMPLE_REPLICATIONS", "24"))

# %% [markdown]
# ## A scenario, changed from Python
# A shipped scenario by name; `with_levers` validates a change exactly as a scenario file is
# validated (a value out of range is refused with the message a file would get).

# %%
baseline = sim.load_scenario("baseline").with_settings(pipeline_replications=REPLICATIONS)
easier_credit = baseline.with_levers(credit_growth=9).with_settings(name="easier_credit")
try:
    baseline.with_levers(credit_growth=99)
except sim.ScenarioError as problem:
    print(problem)
easier_credit

# %% [markdown]
# ## Run it and read the results
# `progress=True` shows a progress bar (a widget in Jupyter).

# %%
result = sim.simulate(easier_credit, draws=DRAWS, seed=1, progress=True)
result.summary_table().query("year == 2027").head()

# %% [markdown]
# The same table for Chinese readers: names and units as Chinese statistics write them.

# %%
result.summary_table(lang="zh").query("year == 2027 and variable in ['gdp', 'nev_output']")

# %% [markdown]
# ## Compare with the baseline, draw by draw

# %%
comparison = sim.compare(baseline, easier_credit, draws=DRAWS, seed=1)
comparison.differences.query("variable == 'financial_assets' and year == 2030")

# %% [markdown]
# ## Figures (matplotlib; restyle as you like), in English or Chinese

# %%
figure = plots.fan_chart(comparison.ensembles, ["gdp", "financial_assets"], lang="zh")
figure.savefig("fan_zh.png")

# %% [markdown]
# ## Exports: xarray, IAMC (for pyam), Excel

# %%
dataset = result.to_xarray()
print(dataset["gdp"].sel(year=2030).quantile([0.05, 0.5, 0.95]).values)
iamc = result.to_iamc()
iamc.to_csv("easier_credit_iamc.csv", index=False)
result.to_excel("easier_credit.xlsx")  # needs openpyxl: pip install 'cqsim[excel]'

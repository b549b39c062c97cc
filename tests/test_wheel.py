"""The built wheel, installed into a fresh virtual environment, runs from an empty folder.

Built from a copy of the sources with ``pip wheel`` (setuptools from the package index, or pip's
cache), installed into a new venv, and run as a user would: ``cqsim run baseline`` in an empty
folder, with the user's cache folder redirected. Results must land in ``./outputs`` there, the
pipeline cache in the user cache folder, and the data must come from the installed package.

By default the wheel is installed without its dependencies, which the new venv borrows from the
test environment (a ``.pth`` file naming its site-packages): quick, and no download. With
``CQSIM_WHEEL_TEST=full`` (``.ci/run`` sets it) the wheel is installed with its dependencies
from the package index, as ``pip install`` does for a user (without byte-compiling them), and a
run on the Dask engine checks that Dask came with a plain install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCES = ("sim", "scenarios", "seeds", "calibration", "setup.py", "pyproject.toml")
SOURCES += ("README.md", "LICENSE")
FULL = os.environ.get("CQSIM_WHEEL_TEST") == "full"

pytestmark = pytest.mark.early


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    out = subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)
    assert out.returncode == 0, f"{' '.join(args)}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def build_wheel(tmp: Path) -> Path:
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp / "dist"),
            str(source),
        ]
    )
    (wheel,) = (tmp / "dist").glob("cqsim-*.whl")
    return wheel


def test_wheel_installs_in_a_fresh_venv_and_runs_baseline_from_an_empty_folder(tmp_path):
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    for shipped in (
        "sim/_data/scenarios/baseline.yaml",
        "sim/_data/scenarios/sweeps/credit_and_projects.yaml",
        "sim/_data/seeds/targets.yaml",
        "sim/_data/calibration/parameters.yaml",
        "sim/outputs/templates/report.html.j2",
    ):
        assert shipped in names, shipped
    assert not [n for n in names if n.startswith("sim/_data/") and n.endswith(".py")]
    assert "License-Expression: MIT" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # --no-compile: pip would byte-compile every installed module (the dependencies: about 45
    # CPU-s of the full install's 60); Python compiles what a run imports when it imports it.
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-compile"]
    if FULL:
        run([*pip, str(wheel)])
    else:
        run([*pip, "--no-deps", str(wheel)])
        purelib = Path(
            run(
                [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
            ).stdout.strip()
        )
        (purelib / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    empty = tmp_path / "work"
    empty.mkdir()
    # As on a user's machine, where Python caches what it compiles (some sandboxes and CI images
    # turn that off): the dependencies were installed uncompiled, and every process of the runs
    # below (Dask's workers too) would compile what it imports again.
    unset = ("CQSIM_PIPELINE_CACHE", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    environ["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    cqsim = str(env_dir / "bin" / "cqsim")
    args = ["run", "baseline", "--draws", "200", "--seed", "1", "--quiet"]
    run([cqsim, *args, "--set", "pipeline_replications=2"], cwd=empty, env=environ)
    (folder,) = (empty / "outputs" / "baseline").iterdir()
    assert {p.name for p in folder.iterdir()} >= {"summary.csv", "report.html", "manifest.json"}
    assert list((tmp_path / "user-cache" / "cqsim" / "pipeline").glob("*.npz"))
    where = run(
        [
            str(python),
            "-c",
            "from sim.inputs.shipped import shipped_dir; print(shipped_dir('seeds'))",
        ],
        cwd=empty,
        env=environ,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir) and where.endswith("sim/_data/seeds")
    version = run([cqsim, "--version"], cwd=empty, env=environ).stdout
    assert version.startswith("cqsim ")
    if FULL:
        dask = [*args, "--engine", "dask", "--workers", "2", "--set", "pipeline_replications=0"]
        dask += ["--no-report"]  # the report was made above; this checks Dask came with it
        run([cqsim, *dask, "--out", str(empty / "dask-run")], cwd=empty, env=environ)
        assert (empty / "dask-run" / "summary.csv").is_file()

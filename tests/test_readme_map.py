"""The README's package map names every package and module under sim/, and nothing else."""

from __future__ import annotations

import re

from .conftest import ROOT

SIM = ROOT / "sim"


def readme_map() -> dict[str, set[str]]:
    """Folder (``sim/inputs/``) -> module file names its entry of the README map mentions."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = text[text.index("## Layout") :]
    block = layout.split("```")[1]
    entries: dict[str, set[str]] = {}
    current = None
    for line in block.splitlines():
        if line.startswith("sim/"):
            current = line.split()[0]
            entries[current] = set()
        elif line and not line.startswith(" "):
            current = None  # the folders beside the package (scenarios/, tests/, ...)
        if current is not None:
            entries[current] |= set(re.findall(r"\b\w+\.py\b", line)) - {"__init__.py"}
    return entries


def package_tree() -> dict[str, set[str]]:
    """Every package under sim/ -> the names of its modules (``__init__.py`` aside)."""
    return {
        f"{folder.relative_to(ROOT).as_posix()}/": {
            p.name for p in folder.glob("*.py") if p.name != "__init__.py"
        }
        for folder in [SIM, *sorted(SIM.rglob("*"))]
        if folder.is_dir() and (folder / "__init__.py").is_file()
    }


def test_readme_map_lists_every_package_and_module_and_no_other():
    mapped, tree = readme_map(), package_tree()
    assert sorted(mapped) == sorted(tree), "packages in the map differ from sim/'s"
    for folder, modules in tree.items():
        assert mapped[folder] == modules, f"{folder}: map {sorted(mapped[folder])}"

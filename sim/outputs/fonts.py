"""The fonts of figures: DejaVu Sans (matplotlib's own) and a CJK font for Chinese text.

Chinese names, units and titles (``--lang zh``), and Chinese text anywhere in a scenario, need a
font with CJK glyphs, or matplotlib draws boxes. cqsim depends on ``pylopdf-fonts-zh-cn``, which
ships Noto Sans SC (the Simplified Chinese subset of Noto Sans CJK, SIL Open Font License 1.1),
so every installation has one; a CJK font of the system (Noto Sans CJK SC, Source Han Sans SC,
WenQuanYi, Microsoft YaHei, PingFang SC) is used when that package is missing.

Figures list both families: matplotlib takes each glyph from the first family that has it, so
Latin text keeps DejaVu Sans in English figures and Chinese figures are set in the CJK font.
"""

from __future__ import annotations

import logging
from functools import lru_cache

LATIN_FAMILY = "DejaVu Sans"
"""Matplotlib's bundled sans-serif font."""

SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
"""CJK fonts a system may have, in order of preference, if the packaged one is missing."""


@lru_cache(maxsize=1)
def cjk_family() -> str | None:
    """The family name of a CJK font matplotlib can use (the packaged Noto Sans SC first).

    The packaged font is registered with matplotlib's font manager on first use.
    """
    from matplotlib import font_manager

    family = None
    try:
        import pylopdf_fonts_zh_cn

        path = str(pylopdf_fonts_zh_cn.sans_path())
        font_manager.fontManager.addfont(path)
        family = str(font_manager.FontProperties(fname=path).get_name())
    except (ImportError, OSError, RuntimeError):
        installed = {f.name for f in font_manager.fontManager.ttflist}
        family = next((name for name in SYSTEM_CJK_FAMILIES if name in installed), None)
    if family is not None:
        logging.getLogger("matplotlib.font_manager").addFilter(_OneWeight(family))
    return family


class _OneWeight(logging.Filter):
    """Quiet matplotlib's notice that the CJK font has no bold: its regular weight is meant.

    Bold titles list the CJK font as a fallback; matplotlib then says, for every figure, that
    it found no bold weight of it. That is expected of a one-weight font, not a problem.
    """

    def __init__(self, family: str) -> None:
        super().__init__()
        self.notice = f"Failed to find font weight bold for {family}"

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop the notice about this family; pass everything else."""
        return self.notice not in record.getMessage()


def font_families(lang: str) -> list[str]:
    """The ``font.sans-serif`` list of a figure: the CJK font first for Chinese figures."""
    cjk = cjk_family()
    if cjk is None:
        return [LATIN_FAMILY]
    return [cjk, LATIN_FAMILY] if lang == "zh" else [LATIN_FAMILY, cjk]

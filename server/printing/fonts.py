"""The chain of fonts that draws Korean text into ticket images.

Pillow draws an empty box for a character its font lacks, without a word. The KRDS
Pretendard GOV font is a subset (2,780 Hangul syllables), so every character is
checked against each font's character map and taken from the first font that has it;
a character that no font has raises MissingGlyphError instead of printing a box.

A visitor's own language is printed under the Korean (ticket.py): Chinese and Thai come
from the Noto faces the screens already ship (npm @fontsource, one whole-script file
each), and a Vietnamese line is drawn in Noto Sans throughout, since Pretendard lacks its
accented letters and a word drawn from two fonts looks broken (`for_language`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageDraw, ImageFont

REPO_DIR = Path(__file__).resolve().parents[2]
KRDS_FONTS_DIR = REPO_DIR / "node_modules" / "krds-uiux" / "resources" / "fonts"
FONTSOURCE_DIR = REPO_DIR / "node_modules" / "@fontsource"
# The faces a line in one of these languages is drawn with first: (package, file stem).
LANGUAGE_FACES = {
    "zh": (("noto-sans-sc", "noto-sans-sc-chinese-simplified"),),
    "th": (("noto-sans-thai", "noto-sans-thai-thai"), ("noto-sans-thai", "noto-sans-thai-latin")),
    "vi": (("noto-sans", "noto-sans-latin"), ("noto-sans", "noto-sans-latin-ext"),
           ("noto-sans", "noto-sans-vietnamese")),
}
NANUM_FONTS_DIR = Path("/usr/share/fonts/truetype/nanum")

# Every line is at least as tall as these Hangul; letters reaching further (g, j, Å)
# make their own line taller.
LINE_REFERENCE = "가힣"


class MissingGlyphError(ValueError):
    """No font in the chain can draw these characters."""

    def __init__(self, characters: str, text: str):
        self.characters = characters
        names = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in characters)
        super().__init__(f"no font can draw {names} in {text!r}")


@dataclass(frozen=True)
class FontFace:
    """One typeface in its regular and bold weights."""

    regular: Path
    bold: Path

    def path(self, bold: bool) -> Path:
        return self.bold if bold else self.regular


@lru_cache(maxsize=None)
def _code_points(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=None)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


class FontChain:
    def __init__(self, faces: list[FontFace], by_language: dict[str, tuple[FontFace, ...]] | None = None):
        if not faces:
            raise FileNotFoundError(
                "no Korean font found: install Debian's fonts-nanum or the npm package krds-uiux"
            )
        self.faces = tuple(faces)
        self.by_language = by_language or {}
        for face in self.faces:  # read the character maps now, not during the first ticket
            _code_points(face.regular)
            _code_points(face.bold)

    # Two chains of the same font files draw the same: equal, so that what one drew is
    # reused for the other (layout.block_pieces).
    def __eq__(self, other) -> bool:
        return isinstance(other, FontChain) and self.faces == other.faces

    def __hash__(self) -> int:
        return hash(self.faces)

    def for_language(self, lang: str) -> "FontChain":
        """The chain a line in `lang` is drawn with: that language's faces first, then the
        rest (for the Korean or digits in it)."""
        first = self.by_language.get(lang, ())
        if not first:
            return self
        return FontChain([*first, *(f for f in self.faces if f not in first)])

    def missing(self, text: str, bold: bool = False) -> str:
        """The characters of text that no font in the chain has, in order, once each."""
        missing = ""
        for char in text:
            if char not in missing and self._path_for(char, bold) is None:
                missing += char
        return missing

    def runs(self, text: str, bold: bool) -> list[tuple[str, Path]]:
        """Split text into runs that one font draws, raising MissingGlyphError."""
        missing = self.missing(text, bold)
        if missing:
            raise MissingGlyphError(missing, text)
        runs: list[tuple[str, Path]] = []
        for char in text:
            path = self._path_for(char, bold)
            if runs and runs[-1][1] == path:
                runs[-1] = (runs[-1][0] + char, path)
            else:
                runs.append((char, path))
        return runs

    def width(self, text: str, size: int, bold: bool) -> int:
        return round(sum(_font(path, size).getlength(run) for run, path in self.runs(text, bold)))

    def band(self, text: str, size: int, bold: bool) -> tuple[int, int]:
        """Top and bottom of the line's ink around the baseline (top is negative)."""
        primary = _font(self._path_for(LINE_REFERENCE[0], bold) or self.faces[0].path(bold), size)
        _, top, _, bottom = primary.getbbox(LINE_REFERENCE, anchor="ls")
        for run, path in self.runs(text, bold):
            _, run_top, _, run_bottom = _font(path, size).getbbox(run, anchor="ls")
            top, bottom = min(top, run_top), max(bottom, run_bottom)
        return top, bottom

    def draw(self, draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str, size: int, bold: bool) -> None:
        # One baseline for all runs, so that characters from different fonts line up.
        for run, path in self.runs(text, bold):
            font = _font(path, size)
            draw.text((x, baseline), run, font=font, fill=0, anchor="ls")
            x += font.getlength(run)

    def _path_for(self, char: str, bold: bool) -> Path | None:
        for face in self.faces:
            path = face.path(bold)
            if ord(char) in _code_points(path):
                return path
        return None


def default_font_chain(regular: str | Path | None = None, bold: str | Path | None = None) -> FontChain:
    """The configured font first (bold defaults to the regular file), then KRDS
    Pretendard GOV from node_modules, then Debian's fonts-nanum; those not installed
    are left out."""
    faces: list[FontFace] = []
    if regular:
        configured = FontFace(Path(regular), Path(bold or regular))
        for path in (configured.regular, configured.bold):
            if not path.is_file():
                raise FileNotFoundError(f"configured ticket font not found: {path}")
        faces.append(configured)
    for directory, regular_name, bold_name in (
        (KRDS_FONTS_DIR, "PretendardGOV-Regular.subset.woff2", "PretendardGOV-Bold.subset.woff2"),
        (NANUM_FONTS_DIR, "NanumGothic.ttf", "NanumGothicBold.ttf"),
    ):
        face = FontFace(directory / regular_name, directory / bold_name)
        if face.regular.is_file() and face.bold.is_file():
            faces.append(face)
    by_language = {}
    for lang, files in LANGUAGE_FACES.items():
        found = tuple(face for face in (
            FontFace(FONTSOURCE_DIR / package / "files" / f"{stem}-400-normal.woff2",
                     FONTSOURCE_DIR / package / "files" / f"{stem}-700-normal.woff2")
            for package, stem in files) if face.regular.is_file() and face.bold.is_file())
        if found:
            by_language[lang] = found
    if not faces:
        return FontChain(faces)  # raises: the Korean is what every ticket needs
    # Last in every chain too: a Korean line may hold a word in another script.
    return FontChain(faces + [face for found in by_language.values() for face in found],
                     by_language)

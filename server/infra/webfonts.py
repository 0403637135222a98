"""Small web fonts cut from the Noto faces we ship, for Chinese and Thai.

The Noto faces (npm @fontsource, split by unicode-range into slices of a few hundred
characters each) make a page fetch every slice that holds one of its characters. Two
kinds of text would pay for far more than they show:

- the language lists of the kiosk and the phone page name every language in its own
  script: 简体中文 alone would fetch three Chinese slices (91 KB);
- our own words (the message catalogs) are a few hundred Chinese characters spread over
  many slices: the kiosk's home screen in Chinese fetched 276 KB of slices.

So the server also serves cuts of the same fonts (the same glyphs): the names' characters
(about 1 KB a file), and the catalogs' other characters. They are declared after the full
faces, names last, so that the browser prefers them for exactly those characters; text
that comes from data (names of offices and services) still finds anything in the full
slices. Each cut holds the characters one slice file has, so no glyph is redrawn.

Not Vietnamese: its text is Latin letters, and letters drawn from two faces of one font
lose the kerning between them; its two small files (19 KB) serve whole.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# The family of each cut language's Noto face (as server/static/common/fonts.css names
# it) and its npm package. Weight 500 only, as server/templates/fonts.html links.
NOTO_FACES = {
    "zh": ("Noto Sans SC", "@fontsource/noto-sans-sc"),
    "th": ("Noto Sans Thai", "@fontsource/noto-sans-thai"),
}
WEIGHT = 500
# Comes first for Chinese and Thai (fonts.css): the characters it has need no cut.
PRETENDARD = Path("krds-uiux/resources/fonts/PretendardGOV-Medium.subset.woff2")


@dataclass(frozen=True)
class Face:
    name: str                 # its file's name, e.g. "zh-names-0.woff2"
    family: str
    codepoints: tuple[int, ...]
    woff2: bytes

    @property
    def unicode_range(self) -> str:
        return ",".join(f"U+{c:X}" for c in self.codepoints)


def cut_faces(node_modules: Path, names: dict[str, set[str]],
              catalogs: dict[str, set[str]]) -> list[Face]:
    """The cuts for each language with a Noto face, in the order to declare them: its
    catalogs' characters that are not in its names, then its names' ({lang: texts});
    leaving out what Pretendard GOV draws."""
    drawn_first = _cmap(node_modules / PRETENDARD)
    faces = []
    for lang, (family, package) in NOTO_FACES.items():
        slices = sorted((node_modules / package / "files").glob(f"*-{WEIGHT}-normal.woff2"))
        named = _characters(names.get(lang, ())) - drawn_first
        words = _characters(catalogs.get(lang, ())) - drawn_first - named
        faces += _cut(slices, family, f"{lang}-words", words)
        faces += _cut(slices, family, f"{lang}-names", named)
    return faces


def cached_cut_faces(node_modules: Path, names: dict[str, set[str]],
                     catalogs: dict[str, set[str]]) -> list[Face]:
    """cut_faces, kept on disk under node_modules/.cache for the same catalogs and font
    files: cutting takes seconds of CPU, and every server start would pay them again.
    Where that folder cannot be written, the cut is simply made again."""
    key = hashlib.sha256(json.dumps(
        [sorted((lang, sorted(texts)) for lang, texts in names.items()),
         sorted((lang, sorted(texts)) for lang, texts in catalogs.items()),
         [(p.name, p.stat().st_size) for _, package in NOTO_FACES.values()
          for p in sorted((node_modules / package / "files").glob(f"*-{WEIGHT}-normal.woff2"))]],
        ensure_ascii=False).encode()).hexdigest()[:16]
    folder = node_modules / ".cache" / "sunbeon-font-cuts" / key
    try:
        index = json.loads((folder / "index.json").read_text("utf-8"))
        return [Face(name, family, tuple(points), (folder / name).read_bytes())
                for name, family, points in index]
    except (OSError, ValueError):
        pass
    faces = cut_faces(node_modules, names, catalogs)
    staging = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".cutting-", dir=folder.parent))
        for face in faces:
            (staging / face.name).write_bytes(face.woff2)
        (staging / "index.json").write_text(json.dumps(
            [(face.name, face.family, face.codepoints) for face in faces]), "utf-8")
        staging.rename(folder)  # whole or not at all
    except OSError:
        if staging is not None:  # not writable, or another server's copy came first
            shutil.rmtree(staging, ignore_errors=True)
    return faces


def stylesheet(faces: list[Face], url_prefix: str) -> str:
    return "".join(_font_face(face, f"{url_prefix}{face.name}", "swap") for face in faces)


def embedded_faces(node_modules: Path, texts, family: str) -> list[Face]:
    """Cuts holding just the characters of `texts`, for a drawing that carries its own
    font (a floor plan shown as an image cannot use the page's fonts): each character from
    the first shipped face that has it, Pretendard GOV first as on the pages (Hangul,
    Latin, Cyrillic), then Noto Sans (Vietnamese and other Latin letters), then the Chinese
    and Thai faces."""
    sources = [node_modules / PRETENDARD] + [
        path for package in ("@fontsource/noto-sans",
                             *(package for _, package in NOTO_FACES.values()))
        for path in sorted((node_modules / package / "files").glob(f"*-{WEIGHT}-normal.woff2"))]
    codepoints = {ord(c) for text in texts for c in text if c == "\u00a0" or not c.isspace()}
    if codepoints:   # a label's white space is drawn as spaces, by this font too
        codepoints.add(ord(" "))
    return _cut(sources, family, "embedded", codepoints)


def embedded_stylesheet(faces: list[Face]) -> str:
    """The faces' @font-face rules with each font inside as a data: URL (no fetch). An
    image is drawn once: it waits for its fonts rather than showing a fallback first."""
    return "".join(_font_face(face, "data:font/woff2;base64,"
                              + base64.b64encode(face.woff2).decode("ascii"), "block")
                   for face in faces)


def _font_face(face: Face, source: str, display: str) -> str:
    return (f'@font-face{{font-family:"{face.family}";font-weight:{WEIGHT};font-display:{display};'
            f'src:url("{source}") format("woff2");unicode-range:{face.unicode_range}}}\n')


def _characters(texts) -> set[int]:
    return {ord(c) for text in texts for c in text if not c.isspace()}


def _cut(slices: list[Path], family: str, label: str, codepoints: set[int]) -> list[Face]:
    """One face per slice file holding some of the characters (a character that no slice
    has is left to the full faces and the fallback)."""
    by_slice: dict[Path, list[int]] = {}
    for codepoint in sorted(codepoints):
        source = next((path for path in slices if codepoint in _cmap(path)), None)
        if source is not None:
            by_slice.setdefault(source, []).append(codepoint)
    return [Face(f"{label}-{index}.woff2", family, tuple(chosen), _subset(source, chosen))
            for index, (source, chosen) in enumerate(by_slice.items())]


@cache
def _cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _subset(path: Path, codepoints: list[int]) -> bytes:
    font = TTFont(path)
    options = subset.Options()
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()

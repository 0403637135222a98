import pytest

from server.printing import MissingGlyphError, default_font_chain, print_ticket, render_ticket
from server.printing.connections import PreviewConnection
from server.printing.fonts import KRDS_FONTS_DIR, NANUM_FONTS_DIR, FontChain

NOT_IN_KRDS_SUBSET = "갂"  # U+AC02: outside the 2,780 syllables of Pretendard GOV, in Nanum Gothic
PRIVATE_USE = "\uf8ff"
OLD_HANGUL = "ᄒᆞᆫ"  # 훈민정음 style syllable from conjoining jamo with arae-a

def require_both_fonts():
    """scripts/setup.sh installs both; a missing one is a failed setup, not a reason to skip."""
    assert KRDS_FONTS_DIR.is_dir(), "node_modules/krds-uiux is missing: run scripts/setup.sh"
    assert NANUM_FONTS_DIR.is_dir(), "Debian fonts-nanum is missing: run scripts/setup.sh"


def test_krds_font_first_then_nanum_for_what_the_subset_lacks(fonts):
    require_both_fonts()
    runs = fonts.runs(f"가{NOT_IN_KRDS_SUBSET}나", bold=False)
    assert [text for text, _ in runs] == ["가", NOT_IN_KRDS_SUBSET, "나"]
    assert "PretendardGOV-Regular" in runs[0][1].name
    assert runs[1][1].name == "NanumGothic.ttf"
    assert fonts.runs("가", bold=True)[0][1].name.startswith("PretendardGOV-Bold")


def test_a_character_no_font_has_is_named(fonts):
    assert fonts.missing(f"전화{PRIVATE_USE}") == PRIVATE_USE
    with pytest.raises(MissingGlyphError) as error:
        fonts.runs(f"전화{PRIVATE_USE}", bold=False)
    assert error.value.characters == PRIVATE_USE
    assert "U+F8FF" in str(error.value)


def test_old_hangul_missing_from_every_font_is_reported(fonts):
    missing = fonts.missing(OLD_HANGUL)
    assert missing, "the arae-a jamo should be missing from the ticket fonts"
    with pytest.raises(MissingGlyphError):
        fonts.width(OLD_HANGUL, 24, False)


def test_a_ticket_with_a_missing_glyph_is_refused_not_printed_with_a_box(profiles, make_content, tmp_path):
    content = make_content(footer=f"안내 {PRIVATE_USE}")
    with pytest.raises(MissingGlyphError):
        render_ticket(content, profiles["epson-tm-t88"])
    result = print_ticket(content, profiles["epson-tm-t88"], PreviewConnection(tmp_path))
    assert (result.ok, result.reason) == (False, "missing_glyph")
    assert "U+F8FF" in result.message
    assert list(tmp_path.iterdir()) == []


def test_configured_font_comes_first(tmp_path):
    require_both_fonts()
    nanum = NANUM_FONTS_DIR / "NanumGothic.ttf"
    chain = default_font_chain(regular=nanum)
    assert chain.faces[0].regular == chain.faces[0].bold == nanum


def test_a_configured_font_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="configured ticket font"):
        default_font_chain(regular=tmp_path / "nope.ttf")


def test_an_empty_chain_is_an_error():
    with pytest.raises(FileNotFoundError, match="fonts-nanum"):
        FontChain([])

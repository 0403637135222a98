import copy

import pytest
from escpos.capabilities import Profile as EscposProfile
from escpos.printer import Dummy

from server.printing import ProfileError, load_profile, load_profiles

GOOD = """
name = "Test printer"
paper_width_mm = 80
print_width_dots = 576
dpi = 203
korean_font = false
native_qr = true
cut = "partial"
status = true
max_image_rows = 256
mode = "hybrid"
"""


def write_profile(tmp_path, text, name="test-printer.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profiles_load_with_their_sizes(profiles):
    sizes = {key: (p.paper_width_mm, p.print_width_dots, p.dpi) for key, p in profiles.items()}
    assert sizes["epson-tm-t88"] == (80, 512, 180)
    assert sizes["epson-tm-t20"] == (80, 576, 203)
    assert sizes["bixolon-srp-350plus"] == (80, 512, 180)
    assert sizes["bixolon-srp-330ii"] == (80, 576, 203)
    assert sizes["generic-80mm"] == (80, 576, 203)
    assert sizes["generic-58mm"] == (58, 384, 203)
    assert profiles["bixolon-srp-350plus"].korean_font and not profiles["epson-tm-t88"].korean_font


def test_escpos_profile_carries_our_width_without_touching_the_library_defaults(profiles):
    shared_before = copy.deepcopy(EscposProfile.profile_data)
    t88, generic = profiles["epson-tm-t88"], profiles["generic-58mm"]

    assert t88.escpos_profile.profile_data["media"]["width"]["pixels"] == 512
    assert generic.escpos_profile.profile_data["media"]["width"]["pixels"] == 384
    assert t88.escpos_profile.supports("paperPartCut") and not t88.escpos_profile.supports("paperFullCut")
    assert not generic.escpos_profile.supports("qrCode")
    Dummy(profile=t88.escpos_profile)._dpi()  # python-escpos writes into the profile's data
    assert EscposProfile.profile_data == shared_before


def test_a_good_file_loads(tmp_path):
    profile = load_profile(write_profile(tmp_path, GOOD))
    assert profile.key == "test-printer"
    assert profile.columns == 48


@pytest.mark.parametrize(
    "change, field, words",
    [
        (("print_width_dots = 576", ""), "print_width_dots", "missing field"),
        (("dpi = 203", "dpi = true"), "dpi", "must be an integer"),
        (("print_width_dots = 576", "print_width_dots = 570"), "print_width_dots", "multiple of 8"),
        (('cut = "partial"', 'cut = "half"'), "cut", '"full", "partial", "none"'),
        (("status = true", 'status = "yes"'), "status", "true or false"),
        (("max_image_rows = 256", "max_image_rows = 2000"), "max_image_rows", "from 8 to 1023"),
        (('mode = "hybrid"', 'mode = "native"'), "mode", "korean_font is false"),
        (('name = "Test printer"', 'name = "Test printer"\ncolour = "red"'), "colour", "unknown field"),
    ],
)
def test_a_broken_file_names_the_file_and_the_field(tmp_path, change, field, words):
    path = write_profile(tmp_path, GOOD.replace(*change))
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    message = str(error.value)
    assert str(path) in message and repr(field)[1:-1] in message and words in message


def test_invalid_toml_is_reported_with_the_file(tmp_path):
    path = write_profile(tmp_path, GOOD + "\ndpi = = 3\n")
    with pytest.raises(ProfileError, match="not valid TOML") as error:
        load_profile(path)
    assert str(path) in str(error.value)


def test_a_directory_without_profiles_is_an_error(tmp_path):
    with pytest.raises(ProfileError, match="no printer profiles"):
        load_profiles(tmp_path)


def test_one_broken_file_stops_loading(tmp_path):
    write_profile(tmp_path, GOOD, "good.toml")
    write_profile(tmp_path, GOOD.replace("dpi = 203", "dpi = 0"), "bad.toml")
    with pytest.raises(ProfileError, match="bad.toml"):
        load_profiles(tmp_path)

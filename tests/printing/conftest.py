from dataclasses import replace

import pytest

from server.printing import default_font_chain, load_profiles

from .fakeprinter import FakePrinter
from .sample import SAMPLE



@pytest.fixture(scope="session")
def profiles():
    return load_profiles()


@pytest.fixture(scope="session")
def fonts():
    return default_font_chain()


@pytest.fixture
def make_content():
    """A sample ticket with the given fields changed."""
    return lambda **changes: replace(SAMPLE, **changes)


@pytest.fixture
def fake_printer():
    printer = FakePrinter().start()
    yield printer
    printer.stop()

"""A ticket's fixed lines stored once in the printer (GS ( L downloaded graphics) and
printed by key, checked against the fake printer that keeps them as a real one does."""

from dataclasses import replace

from server.printing import print_ticket, render_ticket
from server.printing.stored import CLEAR_ALL, PrinterMemory
from server.printing.connections import TcpConnection

from .escpos_decode import decode

DEFINE = b"\x1d(L"  # followed by the length, then 0x30 0x53 for a definition


def definitions(job: bytes) -> int:
    return job.count(b"\x30\x53\x30")


def images(decoded) -> list[bytes]:
    return [r.image.tobytes() for r in decoded.rasters]


def print_two(profile, fake_printer, make_content, memory):
    connection = TcpConnection("127.0.0.1", fake_printer.port)
    for count, number in enumerate(("A-001", "A-002"), start=1):
        assert print_ticket(make_content(display_number=number), profile, connection,
                            memory=memory).ok
        # A job is recorded when its connection closes: wait, so that they keep their order.
        fake_printer.wait_for_jobs(count)
    return fake_printer.wait_for_jobs(2)


def test_fixed_lines_are_stored_once_then_printed_by_key(profiles, make_content, fake_printer):
    profile = profiles["epson-tm-t20"]
    assert profile.stored_graphics
    first, second = print_two(profile, fake_printer, make_content, PrinterMemory())

    assert definitions(first) >= 4 and definitions(second) == 0
    assert len(second) < 2048, len(second)  # from about 5 KB as plain raster
    plain = render_ticket(make_content(display_number="A-002"), profile)
    printed = fake_printer.decoded(1)
    assert images(printed) == images(decode(plain.data))  # the same paper
    assert printed.texts == decode(plain.data).texts
    assert any(r.key for r in printed.rasters)


def test_a_printer_switched_off_gets_its_lines_again(profiles, make_content, fake_printer):
    profile, memory = profiles["epson-tm-t20"], PrinterMemory()
    print_two(profile, fake_printer, make_content, memory)
    fake_printer.power_cycle()
    connection = TcpConnection("127.0.0.1", fake_printer.port)
    assert print_ticket(make_content(display_number="A-003"), profile, connection, memory=memory).ok
    [*_, third] = fake_printer.wait_for_jobs(3)
    assert CLEAR_ALL not in third and definitions(third) >= 4
    assert "A-003" in fake_printer.decoded(2).texts  # decodes from an empty memory


def test_a_restarted_server_clears_what_it_no_longer_knows(profiles, make_content, fake_printer):
    profile = profiles["epson-tm-t20"]
    print_two(profile, fake_printer, make_content, PrinterMemory())
    connection = TcpConnection("127.0.0.1", fake_printer.port)
    assert print_ticket(make_content(display_number="A-003"), profile, connection,
                        memory=PrinterMemory()).ok
    [*_, third] = fake_printer.wait_for_jobs(3)
    assert CLEAR_ALL in third and definitions(third) >= 4
    assert "A-003" in fake_printer.decoded(2).texts


def test_a_printer_that_cannot_say_what_it_holds_gets_plain_raster(profiles, make_content, fake_printer):
    fake_printer.stored_graphics = False  # ignores the key-list query
    profile = profiles["epson-tm-t20"]
    first, second = print_two(profile, fake_printer, make_content, PrinterMemory())
    assert definitions(first) == definitions(second) == 0
    assert not any(r.key for r in decode(second).rasters)
    assert decode(second).graphics_queries == 1  # asked, got no answer, printed plainly


def test_a_profile_without_stored_graphics_is_never_asked(profiles, make_content, fake_printer):
    profile = replace(profiles["epson-tm-t88"], stored_graphics=False)
    first, second = print_two(profile, fake_printer, make_content, PrinterMemory())
    assert decode(second).graphics_queries == 0 and definitions(second) == 0
    assert second == render_ticket(make_content(display_number="A-002"), profile).data

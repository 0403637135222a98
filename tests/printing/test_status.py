import pytest

from server.printing.status import is_status_byte, read_status, state_of


class ScriptedLink:
    """A link that answers each query with the next scripted reply (None: silence)."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.sent = b""

    def write(self, data):
        self.sent += data

    def read_byte(self, timeout):
        return self.replies.pop(0) if self.replies else None


@pytest.mark.parametrize("value, valid", [(0x12, True), (0x1A, True), (0x7E, True), (0x00, False), (0xFF, False), (0x13, False), (0x92, False), (0x10, False)])
def test_a_status_byte_has_its_fixed_bits(value, valid):
    assert is_status_byte(value) is valid


@pytest.mark.parametrize(
    "printer, cause, paper, state",
    [
        (0x12, 0x12, 0x12, "ok"),
        (0x12, 0x12, 0x1E, "paper_near_end"),
        (0x1A, 0x32, 0x7E, "paper_out"),
        (0x12, 0x12, 0x72, "paper_out"),
        (0x1A, 0x16, 0x12, "cover_open"),
        (0x1A, 0x36, 0x7E, "cover_open"),  # cover open while changing the roll
        (0x1A, 0x52, 0x12, "offline"),  # an error, not the cover or the paper
    ],
)
def test_state_from_the_three_replies(printer, cause, paper, state):
    assert state_of(printer, cause, paper) == state


def test_reads_printer_offline_cause_and_paper_sensor_in_turn():
    link = ScriptedLink(0x12, 0x12, 0x1E)
    status = read_status(link)
    assert link.sent == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
    assert (status.state, status.replies) == ("paper_near_end", b"\x12\x12\x1e")
    assert "용지" in status.message and "Paper near end" in status.message
    assert status.can_print


@pytest.mark.parametrize("replies", [(), (0x12,), (0x12, 0x12), (0x00, 0x12, 0x12), (0x12, 0xFF, 0x12)])
def test_silence_or_a_wrong_byte_is_no_reply_never_ok(replies):
    status = read_status(ScriptedLink(*replies))
    assert status.state == "no_reply"
    assert not status.can_print

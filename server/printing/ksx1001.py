"""Which text a printer can print in its own fonts.

Every ESC/POS printer has ASCII. A Korean-firmware printer also has the KS X 1001
double-byte font (EUC-KR bytes, both at least 0xA1). Python's euc_kr codec writes a
syllable outside KS X 1001 (똠, 햏) as an 8-byte jamo sequence and cp949 uses an
extension that printer fonts lack, so each character is checked on its own.
"""

from __future__ import annotations


def is_printable_ascii(text: str) -> bool:
    return all(" " <= char <= "~" for char in text)


def ks_x_1001_bytes(text: str) -> bytes | None:
    """The bytes to print text in the printer's Korean mode, or None if any
    character is neither printable ASCII nor a KS X 1001 character."""
    encoded = bytearray()
    for char in text:
        if is_printable_ascii(char):
            encoded += char.encode("ascii")
            continue
        try:
            pair = char.encode("euc_kr")
        except UnicodeEncodeError:
            return None
        if len(pair) != 2 or min(pair) < 0xA1:
            return None
        encoded += pair
    return bytes(encoded)


def columns(text: str) -> int:
    """Columns of printer font the text takes: a Korean character takes two."""
    return sum(1 if is_printable_ascii(char) else 2 for char in text)

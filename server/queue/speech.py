"""What the lobby board says when it calls a number, and the audio of it.

The sentence is built here, and only here, from a ticket's display number and the counter
it was called to: the board asks the server for it, speaks it with the browser's voice for
that language when the screen has one, and otherwise plays the audio rendered here with
espeak-ng. Nothing else is ever synthesized, so no one can make the board say free text.

Korean reads numbers as Sino-Korean numerals (1 일, 10 십, 11 십일, 1012 천십이) with no
일 before 십, 백 or 천, and Latin letters by their Korean names (A-012: 에이 십이).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections import OrderedDict

from ..infra.store import LANGUAGES  # noqa: F401 (the six languages, for callers)

# BCP 47 tags for the browser's speechSynthesis, and espeak-ng's voice for each language.
VOICE_TAGS = {"ko": "ko-KR", "en": "en-US", "zh": "zh-CN", "vi": "vi-VN", "ru": "ru-RU",
              "th": "th-TH"}
ESPEAK_VOICES = {"ko": "ko", "en": "en-us", "zh": "cmn", "vi": "vi", "ru": "ru", "th": "th"}

_DIGITS = ("영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
_SMALL_UNITS = ("", "십", "백", "천")
_LARGE_UNITS = ("", "만", "억", "조")
LETTER_NAMES = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지",
    "H": "에이치", "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔",
    "O": "오", "P": "피", "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유",
    "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "제트",
}

# {number} is the ticket as it should be read; {counter} the counter's number; {name} its
# own name. Korean fills {number} and {counter} with numerals itself (see below).
SENTENCES = {
    "ko": ("{number} 번 고객님, {counter} 번 창구로 오십시오",
           "{number} 번 고객님, {name}{ro} 오십시오"),
    "en": ("Number {number}, please come to counter {counter}.",
           "Number {number}, please come to the {name}."),
    "zh": ("请{number}号到{counter}号窗口。", "请{number}号到{name}。"),
    "vi": ("Mời số {number} đến quầy số {counter}.", "Mời số {number} đến {name}."),
    "ru": ("Номер {number}, подойдите к окну {counter}.", "Номер {number}, подойдите: {name}."),
    "th": ("ขอเชิญหมายเลข {number} ที่ช่องบริการ {counter}", "ขอเชิญหมายเลข {number} ที่{name}"),
}

_TOKENS = re.compile(r"[A-Za-z]+|\d+")


def sino_korean(n: int) -> str:
    """1 -> 일, 10 -> 십, 101 -> 백일, 1012 -> 천십이, 10000 -> 만, 20019 -> 이만십구."""
    if n < 0:
        raise ValueError("a ticket number is never negative")
    if n == 0:
        return _DIGITS[0]
    groups = []
    for position in range(len(_LARGE_UNITS)):
        n, group = divmod(n, 10000)
        if group:
            words = _four_digits(group)
            if position == 1 and words == "일":
                words = ""  # 만, not 일만
            groups.append(words + _LARGE_UNITS[position])
        if not n:
            break
    else:
        raise ValueError("number too large to read")
    return "".join(reversed(groups))


def _four_digits(n: int) -> str:
    words = []
    for position in range(3, -1, -1):
        digit = (n // 10 ** position) % 10
        if not digit:
            continue
        # 일 is read only in the ones place: 십, 백, 천, not 일십, 일백, 일천.
        words.append(("" if digit == 1 and position else _DIGITS[digit]) + _SMALL_UNITS[position])
    return "".join(words)


def read_number_ko(display_number: str) -> str:
    """A ticket as spoken in Korean: '1012' -> 천십이, 'A-012' -> 에이 십이."""
    parts = []
    for token in _TOKENS.findall(display_number):
        if token.isdigit():
            parts.append(sino_korean(int(token)))
        else:
            parts.append(" ".join(LETTER_NAMES.get(c, c) for c in token.upper()))
    return " ".join(parts)


def read_number_plain(display_number: str) -> str:
    """A ticket for other languages' voices, which read digits themselves: 'A-012' -> A 12."""
    return " ".join(str(int(t)) if t.isdigit() else " ".join(t.upper())
                    for t in _TOKENS.findall(display_number))


def _direction_particle(word: str) -> str:
    """로 after a vowel or ㄹ, 으로 after another final consonant (창구로, 민원실로, 본관으로)."""
    last = word.strip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "로" if final in (0, 8) else "으로"
    return "로"


def announcement(display_number: str, counter: dict, lang: str = "ko") -> str:
    """The sentence that calls a ticket to a counter ({number, names}) in one language."""
    if lang not in SENTENCES:
        raise ValueError(f"no announcement in {lang!r}")
    by_number, by_name = SENTENCES[lang]
    name = ((counter.get("names") or {}).get(lang) or "").strip()
    if lang == "ko":
        number, counter_number = read_number_ko(display_number), sino_korean(counter["number"])
    else:
        number, counter_number = read_number_plain(display_number), counter["number"]
    if name:
        return by_name.format(number=number, name=name, ro=_direction_particle(name))
    return by_number.format(number=number, counter=counter_number)


# ---- audio for screens without a voice ---------------------------------------------

class SpeechUnavailable(RuntimeError):
    """espeak-ng is not installed (scripts/setup.sh installs it)."""


_CACHE_SIZE = 64           # a few minutes of calls: every board fetches the same ones
_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_cache_lock = threading.Lock()


def render_wav(text: str, lang: str) -> bytes:
    """WAV audio of a sentence from `announcement`, rendered once and kept for a while."""
    key = (lang, text)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        audio = _espeak(text, ESPEAK_VOICES[lang])
        _cache[key] = audio
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
        return audio


def _espeak(text: str, voice: str) -> bytes:
    program = shutil.which("espeak-ng")
    if program is None:
        raise SpeechUnavailable("espeak-ng is not installed")
    # -s: words per minute, a little slower than usual for a large hall with echo.
    result = subprocess.run([program, "-v", voice, "-s", "140", "--stdout", "--", text],
                            capture_output=True, timeout=15, check=True)
    return result.stdout

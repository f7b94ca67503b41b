"""Name keys that survive transliteration: evidence for pairs of articles in two languages.

Two reports of one event in different languages name the same people and places, spelled
differently: "Zelensky", "Selenskyj", "Зеленский", "Зеленський"; "Trump", "Трамп"; "Macron",
"Макрон". Each word of a capitalised name (``features.entities``; a hyphen parts words too)
becomes a key: Cyrillic romanised ("дж" an English "j", an opening "Уи" "Wi"), a Russian or
Ukrainian case ending that carries a consonant taken off ("Трампом", "Путіним", "Кремлем"),
diacritics dropped, a few spelling pairs merged (c/k, a soft c/s, z/s, j/y/i, ph/f,
sh/zh/kh, German sch/sh and tsch/ch, dj/j), the vowels after the first letter dropped and
the first five letters kept, so all four spellings above are "slnsk". On our multilingual set,
92 % of same-event pairs in different languages share a key and 3 % of unrelated pairs do
(sibling events, the same people another day, share them too: 72 %; their dates keep them
apart). Keys shorter than three letters say too little and are not made, and titles
("President", "Präsident", "Президент") name nobody.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["name_key", "name_keys", "romanised"]

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "ye",
     "yi", "g"], strict=True))
_DIGRAPHS = (("ph", "f"), ("kh", "h"), ("ch", "c"))
_SOFT_C = re.compile(r"c(?=[eiy])")  # "Barcelona"/"Барселона", "France"/"Франция", "Chirac"/"Ширак"
_SPELLINGS = (("c", "k"), ("sh", "s"), ("zh", "s"), ("ts", "s"), ("q", "k"), ("w", "v"),
              ("z", "s"), ("x", "ks"), ("j", "i"), ("y", "i"))
# Letters NFKD does not take apart: "Đoković", "Strauß", "Wałęsa", "Søren".
_UNDECOMPOSED = str.maketrans({"đ": "dj", "ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe",
                               "ð": "d", "þ": "th", "ı": "i"})
# Latin spellings of one sound: German "tsch"/"sch" ("Kertsch", "Poroschenko", "Scholz"),
# Polish "cz" ("Kaczyński"), and "dj" an English "j" as Russian "дж" is ("Djokovic").
_LATIN = (("tsch", "ch"), ("sch", "sh"), ("cz", "ch"), ("dj", "j"))
CYRILLIC_LETTER = re.compile(r"[а-яёієїґ]")  # in a lower-cased word
# Russian and Ukrainian case endings that would add a consonant to a name's key: "Трампом",
# "Путиным", "Путіним", "Шольцем", "Кремлем", "Зеленского", "Трампові". Endings that are
# only vowels ("Москву", "Кремле", "Україні") drop out of the key anyway. Left alone: "-ам"
# ("Вьетнам", "Амстердам"), "-им" but after н/в ("Максим", "Иерусалим"), "-ем" after г or a
# vowel ("Бирмингем", "Вифлеем"), "-ом"/"-ем" after fewer than four letters ("Джером",
# "Салем"), "-ов"/"-ев" (a surname's own ending: "Песков").
_CASE_ENDING = re.compile(r"(?<=...)(?:[ое]го|[ое]му|ами|ями|[ое]ві|єві|ым|(?<=[нв])им"
                          r"|(?<=....)[оё]м|(?<=...[^гаеёиоуыэюяіїєj])ем)$")
# An English "w" before a vowel opens a name in Russian as "у": "Уимблдон", "Уильям", "Уэльс".
_CYRILLIC_W = re.compile(r"^у(?=[иіэеоа])")
_CYRILLIC_J = ("дж", "j")  # "Джокович", "Джером": English and Serbian "j", not "dzh"
_LATER_VOWELS = re.compile(r"[aeiouh]")
_DOUBLED = re.compile(r"(.)\1+")
KEY_LETTERS = 5
# Stored story states keep their members' name keys; a change of the rules below bumps this,
# and a state saved under another version gets its keys again from its members.
KEYS_VERSION = 2
# Titles are capitalised before a name in every language but name nobody: "President",
# "Präsident(in)", "Президент", "Presidente"; "Minister", "Министр". In common, they made one
# in four pairs of unrelated events that share a key on our multilingual set.
_TITLES = frozenset({"prsdn", "mnstr"})


def romanised(word: str) -> str:
    """One word of a name in plain ASCII letters, Cyrillic romanised and the spelling pairs
    merged: "Ле" and "Le" are "le" (a key too short to make, but the same word)."""
    low = word.lower()
    if CYRILLIC_LETTER.search(low):
        low = _CYRILLIC_W.sub("w", low.replace(*_CYRILLIC_J))
        low = "".join(_CYRILLIC.get(c, c) for c in low)
    else:
        low = low.translate(_UNDECOMPOSED)
        for spelling, merged in _LATIN:
            low = low.replace(spelling, merged)
    low = "".join(c for c in unicodedata.normalize("NFKD", low) if c.isascii() and c.isalpha())
    for spelling, merged in _DIGRAPHS:
        low = low.replace(spelling, merged)
    low = _SOFT_C.sub("s", low)  # then every other "c" is a "k"
    for spelling, merged in _SPELLINGS:
        low = low.replace(spelling, merged)
    return low


@lru_cache(maxsize=65536)  # names repeat across a stream; each word is worked out once
def name_key(word: str) -> str | None:
    """The key of one word of a name, or None when it is too short to tell anything."""
    low = word.lower()
    if CYRILLIC_LETTER.search(low):
        low = _CASE_ENDING.sub("", low.replace(*_CYRILLIC_J))  # "Джером" is not "Джер" + "ом"
    low = romanised(low)
    if not low:
        return None
    key = _DOUBLED.sub(r"\1", low[0] + _LATER_VOWELS.sub("", low[1:]))[:KEY_LETTERS]
    return key if len(key) >= 3 else None


# Romanised: "Selenskyj"/"Zelensky" 0.94, "Зеленского"/"Зеленский" 0.74, "Кім"/"Ким" 1;
# "Chinese"/"Sessions" 0.57, "Scholz"/"Chelsea" 0.6, "Pelosi"/"Police" 0.33.
READ_ALIKE = 0.7
_UKRAINIAN_LETTER = re.compile(r"[іїєґ]")  # letters Russian does not write


def read_alike(word: str, other: str) -> bool:
    """Two names (or words) of one key read alike enough to be one: a key is made to survive
    transliteration, so within one script it joins other names too ("Chinese" and "Sessions"
    are "sns", "Pelosi" and "Police" "pls"); across scripts, and between a Ukrainian and a
    Russian spelling ("Білорусь", "Белоруссия"), the key is all there is. For
    showing names, never for clustering, which counts keys only across languages."""
    if bool(CYRILLIC_LETTER.search(word.lower())) != bool(CYRILLIC_LETTER.search(other.lower())):
        return True
    if bool(_UKRAINIAN_LETTER.search(word.lower())) != bool(
            _UKRAINIAN_LETTER.search(other.lower())):
        return True  # Ukrainian and Russian spell a name apart too ("Запоріжжя", "Запорожье")
    return SequenceMatcher(None, romanised(word) or word.lower(),
                           romanised(other) or other.lower()).ratio() >= READ_ALIKE


def name_keys(names: Iterable[str]) -> frozenset[str]:
    """Keys of every word of ``names`` (figures left out); a hyphen parts words too, so
    "Notre-Dame" and "Notre Dame", "Нью-Йорк" and "New York" share a key."""
    keys = set()
    for name in names:
        for words in name.split():
            for word in words.split("-") if "-" in words else (words,):
                if not any(ch.isdigit() for ch in word):
                    key = name_key(word)
                    if key and key not in _TITLES:
                        keys.add(key)
    return frozenset(keys)

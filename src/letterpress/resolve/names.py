"""One way to compare names and words written differently: the normaliser ``letterpress members
check`` (and ``import``, ``diff``) match names with, and ``letterpress archive search`` finds
letters with. Written here, in resolve/, so that both corrections/ and archive/ may use it.

Two spellings match when they share a key. A key has no diacritics, case or punctuation
(İsmayılov, Ismayilov, ISMAYILOV); the romanisations of Azerbaijani letters sh, ch, kh, gh
become ş ç x ğ without their marks (Shirinov, Şirinov); a doubled letter counts once
(Mamedova, Məmmədova; Abbasov, Abasov); and Azerbaijani ə, which has no decomposition, is
written a or e, each ə on its own (Məmmədova: Mammadova, Memmedova, Mamedova), so a word with
ə has several keys.

:func:`mixed_scripts` finds the other trap of names: a word written in Latin letters with one
Cyrillic letter that looks the same (Аlice with a Cyrillic А), or the reverse. Such a name
looks right and matches nothing.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator

# Letters a transliteration writes without their mark, after NFKD has removed the others.
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d",
                        "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe"})
# Romanised Azerbaijani writes ş ç x ğ as sh ch kh gh: both become one letter in a key.
_DIGRAPHS = (("sh", "s"), ("ch", "c"), ("kh", "x"), ("gh", "g"))
_DOUBLED = re.compile(r"([^\W\d_])\1+")  # letters, not digits: 100 is not 10
_WORD = re.compile(r"\w+")
# A word with more ə than this is keyed with every ə written alike (2 keys, not 2**n).
_MOST_SCHWAS = 4
# A name whose words' keys multiply beyond this is keyed with every ə written alike.
_MOST_KEYS = 256


def plain(text: str, schwa: str = "a") -> str:
    """``text`` without diacritics, in lower case, ə written ``schwa``: İsmayılov and
    Ismayilov both give "ismayilov". Decomposes first, so 'İ' never becomes two characters
    (str.lower of 'İ' is two); punctuation and spacing are kept."""
    text = text.replace("ə", schwa).replace("Ə", schwa)
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.translate(_PLAIN).lower()


def _spelt(word: str) -> str:
    """One word's letters for a key, ə kept: no marks, lower case, digraphs as one letter,
    doubled letters once."""
    text = plain(word, "ə")
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return _DOUBLED.sub(r"\1", text)


def word_keys(word: str) -> frozenset[str]:
    """The keys of one word (letters and digits only): one, or one per way of writing its
    ə (each on its own, up to four of them)."""
    spelt = _spelt(word)
    count = spelt.count("ə")
    if not count:
        return frozenset((spelt,))
    if count > _MOST_SCHWAS:
        return frozenset(_DOUBLED.sub(r"\1", spelt.replace("ə", s)) for s in "ae")
    parts = spelt.split("ə")
    keys = set()
    for choice in itertools.product("ae", repeat=count):
        written = parts[0] + "".join(c + p for c, p in zip(choice, parts[1:], strict=True))
        keys.add(_DOUBLED.sub(r"\1", written))
    return frozenset(keys)


def words(text: str) -> Iterator[tuple[int, int, frozenset[str]]]:
    """Each word of ``text``: where it starts and ends, and its keys."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), word_keys(match.group())


def match_keys(name: str) -> frozenset[str]:
    """``name`` for comparison, its words in order, one key for each way of writing it: two
    names match when they share one (see the module docstring)."""
    each = [sorted(keys) for _, _, keys in words(name)]
    count = 1
    for keys in each:
        count *= len(keys)
    if count > _MOST_KEYS:
        return frozenset(" ".join(_DOUBLED.sub(r"\1", _spelt(w).replace("ə", s))
                                  for w in _WORD.findall(name)) for s in "ae")
    return frozenset(" ".join(choice) for choice in itertools.product(*each))


def spelling(name: str) -> str:
    """One plain spelling of ``name`` in lower-case letters and digits, for making ids:
    no marks, ə as a, sh ch kh gh as s c x g, words separated by one space."""
    text = plain(name, "a")
    words_ = " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())
    for digraph, letter in _DIGRAPHS:
        words_ = words_.replace(digraph, letter)
    return words_


@functools.cache  # a letter's script never changes; a name's letters repeat
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC"):
        if name.startswith(script):
            return script.capitalize()
    return ""


def mixed_scripts(text: str) -> tuple[tuple[str, str, str], ...]:
    """Each word of ``text`` written in Latin letters with Cyrillic ones among them, or the
    reverse: the word, the first letter of the script it has fewer of, and that letter's code
    point and Unicode name ("U+0410 CYRILLIC CAPITAL LETTER A")."""
    found = []
    for word in _WORD.findall(text):
        if word.isascii():  # Latin letters alone, as most words are
            continue
        scripts = [_script(ch) for ch in word]
        latin, cyrillic = scripts.count("Latin"), scripts.count("Cyrillic")
        if not (latin and cyrillic):
            continue
        odd = "Cyrillic" if cyrillic <= latin else "Latin"
        letter = word[scripts.index(odd)]
        found.append((word, letter, f"U+{ord(letter):04X} {unicodedata.name(letter, '?')}"))
    return tuple(found)


def mixed_script_message(text: str, word: str, letter: str, said: str) -> str:
    """The words of a mixed-script warning, for the registry's and a letter's (lint.py) alike."""
    other = "Latin" if "CYRILLIC" in said else "Cyrillic"
    return (f"'{text}' mixes scripts: '{letter}' ({said}) in '{word}' is not {other} like the "
            "letters around it")

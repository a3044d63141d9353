"""Greek and Korean names in the Latin letters their owners write them with, before a slug or
a key is made: Ελένη is Eleni (not the letter-for-letter "Elene"), 김 is Kim (not "Gim").

The generic transliteration (python-slugify's) reads every script letter by letter, which is
wrong for these two where a national standard or a firm custom says otherwise:
- Greek by ISO 843 / ELOT 743, the standard on Greek passports (the `romanize` package):
  η and ι are both "i", ου is "ou", αυ before a voiced sound "av".
- Korean given names by the Revised Romanization without sound changes, as the rule for
  personal names says (the `koroman` package): 석민 is Seokmin, not Seongmin. Surnames by
  the spelling nearly every family uses on its passport, which is not the standard's
  (KOREAN_SURNAMES): 김 Kim, 이 Lee, 박 Park.

Japanese names written in kanji cannot be read from the characters alone (山田 is Yamada,
read letter by letter it is "Shan-Tian"); they keep the generic transliteration and the rep
types the URL the person uses."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import koroman
from romanize import romanize as greek_iso843

GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A run of one script's letters (with any combining marks), romanized as one word.
_WORDS = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0300-\u036f]+|[\uac00-\ud7a3]+")

# Surnames as Korean families write them in Latin letters (passports, business cards),
# the most common first; about nine in ten Koreans carry one of the first twenty.
KOREAN_SURNAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
    "류": "Ryu", "유": "Yoo", "전": "Jeon", "홍": "Hong", "고": "Ko", "문": "Moon",
    "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "노": "Noh",
    "남": "Nam", "심": "Shim", "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha",
    "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na",
    "지": "Ji", "엄": "Um", "채": "Chae", "원": "Won", "천": "Chun", "방": "Bang",
    "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo",
    "추": "Choo", "도": "Do", "석": "Seok", "선": "Sun", "설": "Seol", "마": "Ma",
    "길": "Gil", "연": "Yeon", "표": "Pyo", "명": "Myung", "기": "Ki", "반": "Ban",
    "왕": "Wang", "금": "Keum", "옥": "Ok", "육": "Yook", "인": "In", "맹": "Maeng",
    "제": "Je", "모": "Mo", "탁": "Tak", "국": "Kook", "은": "Eun", "봉": "Bong",
    "남궁": "Namgung", "황보": "Hwangbo", "제갈": "Jegal", "선우": "Sunwoo",
    "독고": "Dokgo", "사공": "Sagong",
}  # fmt: skip


# Chinese characters (kanji in a Japanese name): read as Mandarin, right for few Japanese.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNREADABLE = (
    "Written in Chinese characters, which the URL reads as Mandarin; a Japanese name reads "
    "otherwise (山田 is Yamada): if so, change the URL to the one they use."
)


def has_romanized_script(text: str) -> bool:
    """Whether text has Greek or Hangul letters, which romanize() writes its own way."""
    return bool(GREEK.search(text) or HANGUL.search(text))


@lru_cache(maxsize=4096)
def romanize(text: str) -> str:
    """text with its Greek and Hangul words in their usual Latin form; the rest as it was."""
    if not has_romanized_script(text):
        return text
    return _WORDS.sub(lambda m: _word(unicodedata.normalize("NFC", m.group())), text)


def _word(word: str) -> str:
    if not HANGUL.match(word):
        return greek_iso843(word)
    if word in KOREAN_SURNAMES:
        return KOREAN_SURNAMES[word]
    # A full name written as one word (김민준): a surname and a two-syllable given name.
    if len(word) == 3 and word[0] in KOREAN_SURNAMES:
        return f"{KOREAN_SURNAMES[word[0]]} {_given(word[1:])}"
    return _given(word)


def _given(word: str) -> str:
    return koroman.romanize(word, use_pronunciation_rules=False, casing_option="capitalize-word")

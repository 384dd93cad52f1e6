"""Language identification: Arabic by script share, other languages with langid.

Reports often mix scripts (an Arabic report quoting an English name, an English one
quoting an Arabic name), so a text counts as Arabic when Arabic letters make up at least
``ARABIC_SHARE`` of its letters; langid, asked about mixed text, tends to answer Persian.
"""

from __future__ import annotations

import unicodedata

ARABIC_SHARE = 0.3

# langid's model gives noisy answers on a few words; below this many letters we
# trust script alone and say "und" (undetermined) for non-Arabic text.
MIN_LETTERS_FOR_LANGID = 12


def arabic_letter_share(text: str) -> float:
    """Share of the letters in ``text`` that are Arabic script.

    >>> arabic_letter_share("قتل 45 civilians")
    0.25
    """
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(1 for char in letters if "ARABIC" in unicodedata.name(char, ""))
    return arabic / len(letters)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or ``"und"`` when it cannot be told.

    >>> detect_language("قتل خمسة وأربعون مدنيا في غارات على ريف إدلب")
    'ar'
    >>> detect_language("Forty-five civilians were killed in airstrikes on rural Idlib")
    'en'
    """
    if arabic_letter_share(text) >= ARABIC_SHARE:
        return "ar"
    if sum(1 for char in text if char.isalpha()) < MIN_LETTERS_FOR_LANGID:
        return "und"
    import langid  # imported here: loading its model takes a second

    code, _score = langid.classify(text)
    return code

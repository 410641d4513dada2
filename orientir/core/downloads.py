"""The name a downloaded file is saved under (RFC 6266): the Russian name for browsers that read `filename*`, and a
transliterated ASCII name for those that read only `filename` — never a bare `contract.docx`."""

import re
from urllib.parse import quote

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"], strict=True))
_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def ascii_name(name: str) -> str:
    """«договор-ЦО-777/2026.docx» → «dogovor-TSO-777-2026.docx»: Russian letters transliterated, the rest of what
    a file system or a header could misread replaced with «-»."""
    out = []
    for char in name:
        lower = char.lower()
        if lower in _TRANSLIT:
            latin = _TRANSLIT[lower]
            out.append(latin.upper() if char != lower else latin)
        else:
            out.append(char)
    return _UNSAFE.sub("-", "".join(out)).strip("-") or "file"


def attachment(filename: str) -> str:
    """The Content-Disposition value of a download called `filename`."""
    safe = filename.replace("/", "-").replace("\\", "-").replace("\n", " ").replace("\r", " ")
    fallback = ascii_name(safe)
    if fallback == safe:
        return f'attachment; filename="{safe}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"

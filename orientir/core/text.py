"""Russian text helpers: search normalisation and names."""

import re

_SPACES = re.compile(r"\s+")


def normalize_search(text: str | None) -> str:
    """Fold case, treat «ё» as «е» and collapse spaces, as officials expect search to behave."""
    if not text:
        return ""
    folded = text.casefold().replace("ё", "е")
    if folded.isprintable() and "  " not in folded and folded[:1] != " " != folded[-1:]:
        # nothing to collapse: the only printable space is « », and it is single and inside (the common case)
        return folded
    return _SPACES.sub(" ", folded).strip()


def search_blob(*parts: object) -> str:
    """Join the searchable parts of a record into one normalised string stored beside it."""
    return normalize_search(" ".join(str(p) for p in parts if p))


_DIGITS = re.compile(r"\d+")


def natural_key(text: str) -> str:
    """Normalised text with every number zero-padded to 8 digits: sorts «№ 2» before «№ 10»."""
    return natural_key_of_search(normalize_search(text))


def natural_key_of_search(normalized: str) -> str:
    """`natural_key` of a text already through `normalize_search` (a record's search text): the same result, one
    normalisation fewer."""
    return _DIGITS.sub(lambda m: m.group(0).zfill(8), normalized.replace("«", "").replace("»", ""))


def initials_name(last: str, first: str, middle: str = "") -> str:
    """«Иванов И. И.» form of a name."""
    result = last.strip()
    for part in (first, middle):
        part = (part or "").strip()
        if part:
            result += f" {part[0]}."
    return result


def full_name(last: str, first: str, middle: str = "") -> str:
    """Фамилия Имя Отчество, skipping the empty parts."""
    return " ".join(p.strip() for p in (last, first, middle) if p and p.strip())


def rubles(value) -> str:
    """«10 000,00 ₽»: roubles with kopecks as Russian officials write them (non-breaking thousands space)."""
    import decimal

    amount = decimal.Decimal(str(value or 0)).quantize(decimal.Decimal("0.01"))
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0₽"


def plural(number, forms) -> str:
    """The form of a noun that goes with `number`: forms are (one, few, many) — «год, года, лет» — as a tuple or a
    comma-separated string. 1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25–30, 11–14 → many. The one place numerals
    are declined: templates (`ru_plural`, `ru_count`), reports and messages all come here."""
    one, few, many = (p.strip() for p in forms.split(",")) if isinstance(forms, str) else forms
    n = abs(int(number or 0))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural_after_more(number, forms) -> str:
    """The noun after «более N», which takes the genitive: «более 2 договоров», «более 1 договора». That is the
    `many` form, and after 1, 21, … the genitive singular — the `few` form («договора», «организации») unless a
    fourth form names it where the two differ: "обучающийся,обучающихся,обучающихся,обучающегося"."""
    parts = [p.strip() for p in forms.split(",")] if isinstance(forms, str) else list(forms)
    n = abs(int(number or 0))
    if n % 10 == 1 and n % 100 != 11:
        return parts[3] if len(parts) > 3 else parts[1]
    return parts[2]


YEARS = ("год", "года", "лет")


def count(number, forms) -> str:
    """The number with its noun: count(2, "год,года,лет") → «2 года», count(5, …) → «5 лет»."""
    return f"{number} {plural(number, forms)}"

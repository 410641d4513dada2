"""Russian for documents: names and positions in grammatical cases, sums of money in words.

Names are declined with pytrovich (rules of the «Петрович» project); when it cannot help (unknown gender,
a foreign name, an error) the name stays in the nominative rather than being mangled.
"""

from decimal import ROUND_HALF_UP, Decimal

CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")


def gender_of(first: str, middle: str = "") -> str | None:
    """'male' / 'female' by the patronymic, then by the first name; None when unclear."""
    m = (middle or "").strip().lower()
    if m.endswith(("вич", "ич", "оглы", "улы")):
        return "male"
    if m.endswith(("вна", "чна", "кызы", "гызы")):
        return "female"
    try:
        from pytrovich.detector import PetrovichGenderDetector
        from pytrovich.enums import Gender

        g = PetrovichGenderDetector().detect(firstname=first, middlename=middle or None)
    except Exception:  # noqa: BLE001 - unknown name: no guess
        return None
    return {Gender.MALE: "male", Gender.FEMALE: "female"}.get(g)


def _decline(part: str, value: str, gender: str, case: str) -> str:
    from pytrovich.enums import Case, Gender, NamePart
    from pytrovich.maker import PetrovichDeclinationMaker

    maker = _maker(PetrovichDeclinationMaker)
    name_part = {"last": NamePart.LASTNAME, "first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME}[part]
    g = Gender.MALE if gender == "male" else Gender.FEMALE
    # Double-barrelled names decline part by part («Петрова-Водкина»).
    return "-".join(maker.make(name_part, g, getattr(Case, case.upper()), piece) for piece in value.split("-"))


_MAKER = []


def _maker(cls):
    if not _MAKER:
        _MAKER.append(cls())
    return _MAKER[0]


def name_in_case(last: str, first: str, middle: str = "", case: str = "genitive") -> str:
    """«Иванов Иван Иванович» in the case asked (genitive: «Иванова Ивана Ивановича»)."""
    parts = [("last", last), ("first", first), ("middle", middle)]
    plain = " ".join(v.strip() for _, v in parts if v and v.strip())
    if case == "nominative" or not plain:
        return plain
    if case not in CASES:
        raise ValueError(f"unknown case {case}")
    gender = gender_of(first, middle)
    if gender is None:
        return plain
    try:
        return " ".join(_decline(part, v.strip(), gender, case) for part, v in parts if v and v.strip())
    except Exception:  # noqa: BLE001 - a document with a nominative name beats no document
        return plain


def full_name_in_case(full_name: str, case: str) -> str:
    """Decline «Фамилия Имя Отчество» given as one string."""
    words = (full_name or "").split()
    if len(words) < 2:
        return full_name or ""
    return name_in_case(words[0], words[1], " ".join(words[2:]), case)


# Heads of organisations: the first word of the position is what changes («директор школы» → «директора школы»).
_POSITION_GENITIVE = {"директор": "директора", "председатель": "председателя", "заведующий": "заведующего",
                      "заведующая": "заведующей", "начальник": "начальника", "руководитель": "руководителя",
                      "ректор": "ректора", "исполняющий": "исполняющего", "исполняющая": "исполняющей",
                      "заместитель": "заместителя", "глава": "главы", "президент": "президента",
                      "генеральный": "генерального", "художественный": "художественного"}


def position_genitive(position: str) -> str:
    """«Директор» → «директора», «Заведующий» → «заведующего», «Председатель Комитета» → «председателя Комитета»."""
    words = (position or "").split()
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if low in _POSITION_GENITIVE:
            out.append(_POSITION_GENITIVE[low])
        else:
            out.append(word if i else word[:1].lower() + word[1:])
            out.extend(words[i + 1:])
            break
    return " ".join(out)


def _plural(n: int, forms: tuple[str, str, str]) -> str:
    n = abs(n) % 100
    if 11 <= n <= 19:
        return forms[2]
    n %= 10
    if n == 1:
        return forms[0]
    if 2 <= n <= 4:
        return forms[1]
    return forms[2]


def number_in_words(n: int) -> str:
    from num2words import num2words

    return num2words(n, lang="ru")


def money_in_words(amount) -> str:
    """15000 → «пятнадцать тысяч рублей 00 копеек»; 1021.5 → «одна тысяча двадцать один рубль 50 копеек»."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("negative sum")
    rubles = int(value)
    kopecks = int((value - rubles) * 100)
    words = number_in_words(rubles)
    # Roubles are masculine but «тысяча» is feminine: num2words writes «одна тысяча», «две тысячи» already.
    return (f"{words} {_plural(rubles, ('рубль', 'рубля', 'рублей'))} "
            f"{kopecks:02d} {_plural(kopecks, ('копейка', 'копейки', 'копеек'))}")


def money(amount) -> str:
    """«15 000,00 руб. (пятнадцать тысяч рублей 00 копеек)»."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    digits = f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{digits} руб. ({money_in_words(value)})"


def years_in_words(n: int) -> str:
    """3 → «3 (три) года»."""
    return f"{n} ({number_in_words(n)}) {_plural(n, ('год', 'года', 'лет'))}"

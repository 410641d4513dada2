"""Russian for documents: names and positions in grammatical cases, sums of money in words.

Names are declined with pytrovich (rules of the «Петрович» project); when it cannot help (unknown gender,
a foreign name, an error) the name stays in the nominative rather than being mangled.
"""

from decimal import ROUND_HALF_UP, Decimal

from orientir.core.text import plural

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
    return plural(n, forms)


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


# --- Names of legal acts ----------------------------------------------------------------------------------------
# A title is written in the nominative («Постановление Администрации города Костромы от 01.03.2025 № 300»); a
# sentence needs it in another case («в порядке, установленном постановлением Администрации …»). What changes is the
# head word (and an adjective before it) and the participle «утверждённое» after the name; the rest is a genitive
# chain that stays as it is.

_ACT_HEADS = {
    # neuter nouns in -ие
    **{w: {"genitive": w[:-1] + "я", "dative": w[:-1] + "ю", "accusative": w, "instrumental": w[:-1] + "ем",
           "prepositional": w[:-1] + "и"}
       for w in ("постановление", "положение", "решение", "распоряжение", "соглашение")},
    "приказ": {"genitive": "приказа", "dative": "приказу", "accusative": "приказ", "instrumental": "приказом",
               "prepositional": "приказе"},
    "закон": {"genitive": "закона", "dative": "закону", "accusative": "закон", "instrumental": "законом",
              "prepositional": "законе"},
    "порядок": {"genitive": "порядка", "dative": "порядку", "accusative": "порядок", "instrumental": "порядком",
                "prepositional": "порядке"},
    "правила": {"genitive": "правил", "dative": "правилам", "accusative": "правила", "instrumental": "правилами",
                "prepositional": "правилах"},
}
_ACT_ADJECTIVES = {"федеральный": {"genitive": "федерального", "dative": "федеральному", "accusative": "федеральный",
                                   "instrumental": "федеральным", "prepositional": "федеральном"}}
# the participle after the name agrees with the head: neuter singular (Положение) or plural (Правила)
_PARTICIPLE = {
    "утверждённое": {"genitive": "утверждённого", "dative": "утверждённому", "accusative": "утверждённое",
                     "instrumental": "утверждённым", "prepositional": "утверждённом"},
    "утверждённые": {"genitive": "утверждённых", "dative": "утверждённым", "accusative": "утверждённые",
                     "instrumental": "утверждёнными", "prepositional": "утверждённых"},
}


_PROPER_HEADS = {"положение", "правила", "порядок"}


def act_in_case(title: str, case: str, capital: bool = False) -> str | None:
    """«Постановление Администрации города Костромы от 01.03.2025 № 300», instrumental → «постановлением Администрации
    города Костромы от 01.03.2025 № 300». The head word is written in lower case, as inside a sentence (`capital` keeps
    it capitalised — «Положением», a defined term; «Положение», «Правила», «Порядок» approved by another act keep
    their capital anyway). None when the title does not start with a known kind of act:
    a title is never mangled."""
    words = (title or "").strip().split(" ")
    if not words or not words[0]:
        return None
    if case == "nominative":
        return " ".join(words)
    if case not in CASES:
        raise ValueError(f"unknown case {case}")
    out, i = [], 0
    if words[0].lower() in _ACT_ADJECTIVES and len(words) > 1:
        adjective = _ACT_ADJECTIVES[words[0].lower()][case]  # «Федеральным законом»: a capital by usage
        out.append(adjective[:1].upper() + adjective[1:] if words[0][:1].isupper() else adjective)
        i = 1
    head = words[i].lower()
    if head not in _ACT_HEADS:
        return None
    out.append(_ACT_HEADS[head][case])
    # an act approved by another is named like a proper name («Положением о целевом обучении …»): it keeps its capital
    if capital or (head in _PROPER_HEADS and words[i][:1].isupper() and not out[:-1]):
        out[0] = out[0][:1].upper() + out[0][1:]
    rest = []
    for word in words[i + 1:]:
        bare, tail = word.rstrip(",;"), word[len(word.rstrip(",;")):]
        key = bare.lower().replace("утвержденн", "утверждённ")
        rest.append(_PARTICIPLE[key][case] + tail if key in _PARTICIPLE else word)
    return " ".join(out + rest)


def copies_in_words(n: int) -> str:
    """2 → «двух экземплярах» (the prepositional of «в … экземплярах»)."""
    words = {2: "двух", 3: "трёх", 4: "четырёх", 5: "пяти"}
    return f"{words.get(n, str(n))} экземплярах"


def multiple_in_words(k) -> str:
    """A fine's multiple, prepositional as in «в … размере»: 1 → «однократном», 2 → «двукратном», 1.5 → «1,5-кратном»."""
    value = Decimal(str(k)).normalize()
    words = {1: "однократном", 2: "двукратном", 3: "трёхкратном", 4: "четырёхкратном", 5: "пятикратном"}
    if value == value.to_integral_value() and int(value) in words:
        return words[int(value)]
    return f"{format(value, 'f').replace('.', ',')}-кратном"

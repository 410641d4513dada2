"""The scan of a workbook's sheet XML for filled cells outside the template (see orientir.core.workbook): a fast path
of regular expressions for the usual spelling of cells, an exact one that follows calamine's rules for any other."""

import functools
import html
import posixpath
import re
import zipfile


from .workbook_limits import (DAMAGED, MAX_TOKEN, MB, REFUSAL_TAIL, VALUE_WINDOW, Limits, WorkbookRefused, column_name, column_number)


# --- Cells outside the template ---------------------------------------------------------------------------------------

class _Outside(Exception):
    """A filled cell reaches outside the limits."""

    def __init__(self, ref: str):
        super().__init__(ref)
        self.ref = ref


def _outside_message(outside: _Outside, sheet: str | None, limits: Limits) -> str:
    where = f" (лист «{sheet}»)" if sheet else ""
    return (f"В файле заполнена ячейка {outside.ref}{where}: {limits.shape()}. "
            "Удалите лишние ячейки и загрузите файл снова.")


def _check_cell(column: int, row: int, limits: Limits) -> None:
    if column > limits.columns or row > limits.last_row:
        raise _Outside(f"{column_name(column)}{row}")


_CELL_REF = re.compile(rb"([A-Za-z]+)([0-9]+)")
_ROW_REF = re.compile(rb"[A-Za-z]*([0-9]+)")


def _cell_ref(raw: bytes) -> tuple[int, int] | None:
    """(column, row), both 1-based, as calamine reads an address; None where calamine would refuse it.

    Unlike calamine's 32-bit arithmetic, nothing wraps here: a 12-digit row is a huge row, not a small one."""
    m = _CELL_REF.fullmatch(raw)
    if m is None or int(m.group(2)) == 0:
        return None
    return column_number(m.group(1)), int(m.group(2))


def _count_shared_strings(buf: bytes, end: int) -> int:
    # every <si> (any prefix) is a string calamine keeps in memory; an overcount only errs on the safe side
    return buf.count(b"<si", 0, end) + buf.count(b":si", 0, end)


# -- the fast path

# Any start tag quick-xml could take for a cell `c`: with a prefix, or followed by anything but one space.
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")
# A cell tag as Excel, LibreOffice, openpyxl and XlsxWriter write it: the address first and once, plain attributes.
_PLAIN_CELL = re.compile(rb'<c r="(?=[A-Za-z]{1,3}+[0-9]{1,7}+"(?: (?!(?:[\w.-]*:)?r=)[A-Za-z_][\w:.-]*+="[^"<>]*+")*+/?>)')
_CELL_START = re.compile(rb"<(?![!?/])(?:[^\s<>:]*:)?c[\s/>]")


@functools.lru_cache(maxsize=16)
def _outside_plain_cell(columns: int, last_row: int) -> re.Pattern:
    """A plain cell tag that carries a value (not `<c .../>`, not `<c ...></c>`) at a column or row over the limits."""
    return re.compile(rb'<c r="((?:' + _letters_over(columns) + rb')[0-9]{1,7}|[A-Za-z]{1,3}' + _digits_over(last_row)
                      + rb')"[^<>]*(?<!/)>(?!\s*</c\s*>)')


def _digits_over(n: int) -> bytes:
    """A regex for decimal numbers (leading zeros allowed) greater than n."""
    s = str(n)
    options = [b"[1-9][0-9]{%d,}" % len(s)]
    for i, digit in enumerate(s):
        if digit != "9":
            options.append(s[:i].encode() + b"[%d-9]" % (int(digit) + 1) + b"[0-9]{%d}" % (len(s) - i - 1))
    return b"0*(?:" + b"|".join(options) + b")"


def _letters_over(n: int) -> bytes:
    """A regex for column letters (either case, at most three) naming a column after the n-th."""
    s = column_name(n).encode()
    options = [b"[A-Za-z]{%d,3}" % (len(s) + 1)] if len(s) < 3 else []
    for i, letter in enumerate(s):
        if letter != ord("Z"):
            same = b"".join(b"[%c%c]" % (c, c + 32) for c in s[:i])
            options.append(same + b"[%c-Z%c-z]" % (letter + 1, letter + 33) + b"[A-Za-z]{%d}" % (len(s) - i - 1))
    return b"(?:" + b"|".join(options) + b")" if options else b"(?!)"


class _FastScan:
    """Scans one part in chunks; sets `exact_needed` when a cell is written in a way only the exact path reads."""

    def __init__(self, limits: Limits, *, shared_strings: bool = False):
        self.limits = limits
        self.outside = _outside_plain_cell(limits.columns, limits.last_row)
        self.carry = b""
        self.exact_needed = False
        self.count_strings = shared_strings  # calamine keeps every <si> of `…/sharedStrings.xml` in memory
        self.shared_strings = 0

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk if self.carry else chunk
        last = buf.rfind(b"<")
        if last < 0:
            cut = len(buf)  # text only
        elif len(buf) - last <= MAX_TOKEN:
            cut = last  # the last tag may be unfinished: keep it for the next chunk
            before = buf.rfind(b"<", 0, last)
            if before >= 0 and _CELL_START.match(buf, before):
                cut = before  # an empty cell is told from a filled one by the tag after it: keep the pair
        elif buf.find(b">", last) >= 0:
            cut = len(buf)  # a whole tag followed by a long text: nothing to keep
        else:
            raise WorkbookRefused("Файл устроен не как книга Excel: в нём слишком длинный элемент разметки. "
                                  + REFUSAL_TAIL)
        self._scan(buf, cut)
        self.carry = buf[cut:]

    def finish(self) -> None:
        self._scan(self.carry, len(self.carry))
        self.carry = b""

    def _scan(self, buf: bytes, end: int) -> None:
        """Check buf[:end], which holds only whole tags."""
        if end == 0:
            return
        if self.count_strings:
            self.shared_strings += _count_shared_strings(buf, end)
        if self.exact_needed:
            return
        if (buf.find(b"<!", 0, end) >= 0 or _PREFIXED_CELL.search(buf, 0, end) or _ODD_CELL.search(buf, 0, end)
                or buf.count(b"<c ", 0, end) != len(_PLAIN_CELL.findall(buf, 0, end))):
            self.exact_needed = True  # comments, DTDs, prefixes, cells without an address: read tag by tag
            return
        m = self.outside.search(buf, 0, end)
        if m:
            ref = _cell_ref(m.group(1))
            _check_cell(*ref, self.limits)


# -- the exact path

_P = rb"(?:[^\s<>:]*:)?"  # a namespace prefix as quick-xml splits it (at the first colon)
_QUOTED = rb"""[^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+"""  # the inside of a tag, quotes respected
# Text and tags that do not move calamine's position, then the next tag that does (or a comment, skipped as
# quick-xml skips it). Quotes are respected as quick-xml respects them, so a `<c` inside an attribute value or a
# comment is not taken for a cell. The pattern always matches where the previous match ended: group 7 (empty)
# marks a place it cannot read on from, an unfinished tag at the end of a chunk or something no xlsx contains.
_EXACT = re.compile(rb"""
    (?:[^<]++
      |<(?![!?/]|""" + _P + rb"""(?:row|c)[\s/>])""" + _QUOTED + rb""">
      |</(?!""" + _P + rb"""(?:row|c)\s*>)[^>]*+>
    )*+
    (?:(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>)                                          # 1 comment
      |</""" + _P + rb"""(row|c)\s*>                                                       # 2 end
      |<(?![!?/])""" + _P + rb"""(row|c)(?=[\s/>])([^>"'/]*+(?:(?:"[^"]*+"|'[^']*+'|/(?!>))[^>"'/]*+)*+)(/?)>
                                                                      # 3 start, 4 attributes, 5 empty
        ((?=\s*</""" + _P + rb"""c\s*>))?                                                  # 6 blank cell
    |())                                                                                   # 7 stop
    """, re.X | re.S)
_ATTR = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class _ExactScan:
    """Follows calamine's reading of a sheet tag by tag, always towards the larger extent.

    calamine (xlsx/cells_reader.rs): `<row r>` sets the row, `</row>` moves to the next one and back to column A,
    a cell with `r` sits there and moves the column after it, a cell without one takes the current column; inside a
    cell nothing moves until `</c>`; empty elements are read as start + end. Here the row only grows, the column
    only grows within a row, and every `r`-like attribute counts."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.carry = b""
        self.row = 1  # 1-based, unlike calamine's index
        self.column = 1
        self.in_cell = False
        # tags calamine acts on: a start and an end per cell and per row, with room to spare
        self.budget = 3 * limits.last_row * (limits.columns + 1) + 10_000

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buf = self.carry + chunk if self.carry else chunk
        size = len(buf)
        pos = 0
        keep = size if final else size - VALUE_WINDOW
        columns, last_row = self.limits.columns, self.limits.last_row
        row, column, in_cell, budget = self.row, self.column, self.in_cell, self.budget
        try:
            for m in _EXACT.finditer(buf):
                comment, end, start, attrs, empty, blank, stop = m.groups()
                if stop is not None:
                    pos = m.end()
                    break
                if m.end() > keep:  # the tag, or what follows it, may go on in the next chunk
                    pos = m.start(1) if comment is not None else buf.rfind(b"<", m.start(), m.start(2 if end else 3))
                    break
                budget -= 1
                if budget < 0:
                    raise WorkbookRefused(f"В файле слишком много ячеек и строк: {self.limits.shape()}. "
                                          + REFUSAL_TAIL)
                pos = m.end()
                if comment is not None:
                    continue
                if end is not None:
                    if end == b"c":
                        in_cell = False
                    elif not in_cell:
                        row += 1
                        column = 1
                    continue
                if in_cell:  # calamine reads a nested tag as the cell's value, or refuses the file
                    continue
                if start == b"row":
                    if b"r" in attrs:
                        for raw in _r_values(attrs):
                            ref = _ROW_REF.fullmatch(raw)
                            if ref and int(ref.group(1)) > 0:
                                row = max(row, int(ref.group(1)))
                    if empty:
                        row += 1
                        column = 1
                    continue
                refs = _cell_refs(attrs) if b"r" in attrs else None
                if refs:
                    column = max(column, *(c for c, _ in refs)) + 1
                    outside = [(c, r) for c, r in refs if c > columns or r > last_row]
                else:
                    outside = [(column, row)] if column > columns or row > last_row else None
                    column += 1
                if outside and not empty and blank is None:
                    _check_cell(*outside[0], self.limits)
                in_cell = not empty
        finally:
            self.row, self.column, self.in_cell, self.budget = row, column, in_cell, budget
        rest = size - pos
        if rest and (final or rest > MAX_TOKEN + VALUE_WINDOW):
            if buf.startswith(b"<!", pos) and not buf.startswith((b"<!--", b"<![CDATA["), pos):
                raise WorkbookRefused("Файл устроен не как книга Excel: в нём есть объявление DTD. " + REFUSAL_TAIL)
            if final:
                raise WorkbookRefused(DAMAGED)
            raise WorkbookRefused("Файл устроен не как книга Excel: в нём слишком длинный элемент разметки. "
                                  + REFUSAL_TAIL)
        self.carry = buf[pos:]

    def finish(self) -> None:
        self.feed(b"", final=True)


def _cell_refs(attrs: bytes) -> list[tuple[int, int]]:
    """The addresses calamine may read from a cell's attributes (the usual ` r="B7" ...` without a regex)."""
    if attrs.startswith(b' r="') and attrs.count(b"r=") == 1:
        ref = _cell_ref(attrs[4:attrs.find(b'"', 4)])
        return [ref] if ref else []
    return [ref for ref in map(_cell_ref, _r_values(attrs)) if ref is not None]


def _r_values(attrs: bytes) -> list[bytes]:
    return [(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(attrs)
            if m.group(1) == b"r" or m.group(1).endswith(b":r")]


# --- Sheet names for messages -----------------------------------------------------------------------------------------

def _sheet_names(source: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet name, from xl/workbook.xml and its relationships; best effort, for a message only."""
    try:
        book, rels = (_small_part(source, name) for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
        targets = {}
        for tag in re.findall(rb"<(?:[^\s<>:]*:)?Relationship\s[^<>]*>", rels):
            attrs = _attrs(tag)
            target = attrs.get(b"Target", b"").decode("utf-8", "replace")
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs.get(b"Id", b"")] = part
        names = {}
        for tag in re.findall(rb"<(?:[^\s<>:]*:)?sheet\s[^<>]*>", book):
            attrs = _attrs(tag)
            rid = next((v for k, v in attrs.items() if k == b"id" or k.endswith(b":id")), None)
            if rid in targets and b"name" in attrs:
                names[targets[rid]] = html.unescape(attrs[b"name"].decode("utf-8", "replace"))
        return names
    except Exception:  # a message without the sheet's name is still a message
        return {}


def _small_part(source: zipfile.ZipFile, name: str) -> bytes:
    info = source.getinfo(name)
    if info.file_size > MB:
        raise ValueError(name)
    return source.read(info)


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(tag)}

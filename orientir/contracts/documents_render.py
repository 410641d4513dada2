"""Lay the blocks of a contract document out as DOCX or PDF: only layout here, the text is built in documents."""

import io

from django.template.loader import render_to_string


from .documents_parties import Block, Party, _initials


SIGN_SPACE = "\u00a0" * 28  # an underlined run of no-break spaces: the line a signature goes on
DATE_SPACES = ("\u00a0" * 5, "\u00a0" * 22, "\u00a0" * 4)  # «   »            20    г. — the day, month, year


def party_lines(p: Party) -> list[tuple[str, str]]:
    """A party's block as (style, text) lines: the heading, the name, the details, who signs, the signature."""
    lines = [("bold", f"{p.title}:"), ("plain", p.name)] + [("plain", line) for line in p.lines]
    if p.position:
        lines.append(("plain", p.position))
    lines.append(("sign", _initials(p.signer)))
    if p.seal:
        lines.append(("plain", "М. П."))
    if p.joint:
        lines += [("plain", "")] + party_lines(p.joint)
    return lines


def _cant_split(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _new_document():
    """A blank A4 document in the contract's layout: Times New Roman 12, the margins of an official paper."""
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return doc, section.page_width - section.left_margin - section.right_margin


def _grid(table) -> None:
    """Single-line borders written into the table itself, not by a style a lawyer's template may not have."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    later = [child for child in props if child.tag in {qn(f"w:{t}") for t in _AFTER_BORDERS}]
    if later:
        later[0].addprevious(borders)
    else:
        props.append(borders)


_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")  # schema order


def to_docx(blocks: list[Block]) -> bytes:
    doc, width = _new_document()
    write_blocks(doc, blocks, width)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_blocks(doc, blocks: list[Block], width) -> None:
    """Lay the blocks out at the end of a python-docx document `width` wide (also used for a template's sections)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    def blank(par, spaces: str):
        par.add_run(spaces).font.underline = True

    for b in blocks:
        if b.kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(b.text).bold = True
        elif b.kind == "center":
            p = doc.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(10)
        elif b.kind == "placeline":
            p = doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            p.paragraph_format.space_after = Pt(10)
            p.add_run(f"{b.text}\t")
            if b.rows:
                p.add_run(b.rows[0])
            else:  # a draft: the date is written in at signing
                day, month, year = DATE_SPACES
                p.add_run("«")
                blank(p, day)
                p.add_run("» ")
                blank(p, month)
                p.add_run(" 20")
                blank(p, year)
                p.add_run(" г.")
        elif b.kind == "heading":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(8)
            p.paragraph_format.keep_with_next = True
            p.add_run(b.text).bold = True
        elif b.kind == "para":
            p = doc.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1)
        elif b.kind == "table":
            table = doc.add_table(rows=0, cols=2)
            _grid(table)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            for left, right in b.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = str(left), str(right)
                cells[0].width, cells[1].width = int(width * 0.4), int(width * 0.6)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
        elif b.kind == "parties":
            table = doc.add_table(rows=0, cols=2)
            table.autofit = False
            for i in range(0, len(b.rows), 2):
                row = table.add_row()
                _cant_split(row)  # a party's block is never torn across two pages
                cells = row.cells
                for cell, party in zip(cells, b.rows[i:i + 2], strict=False):
                    cell.width = width // 2
                    for j, (kind, text) in enumerate(party_lines(party)):
                        par = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                        par.paragraph_format.first_line_indent = Cm(0)
                        if kind == "sign":
                            par.paragraph_format.space_before = Pt(14)
                            blank(par, SIGN_SPACE)
                            par.add_run(f" / {text}")
                        else:
                            par.add_run(text).bold = kind == "bold"
                    cell.add_paragraph()


def to_pdf(blocks: list[Block], title: str) -> bytes:
    from weasyprint import HTML

    rendered = [(b, [party_lines(p) for p in b.rows] if b.kind == "parties" else None) for b in blocks]
    html = render_to_string("contracts/document_pdf.html", {"blocks": rendered, "title": title})
    return HTML(string=html).write_pdf()

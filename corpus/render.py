#!/usr/bin/env python3
"""Render corpus text letters to PDFs laid out the way real Ofsted letters are.

    python corpus/render.py [-o OUTDIR] [TXT ...]   (default: every corpus/*/*.txt but corpus/bad/)

writes corpus/pdf/<NAME>.pdf (or OUTDIR/<NAME>.pdf) for each letter. A development tool: it does
not import inspection_parse, so the PDFs test the parser's PDF loader against an independent layout.

The aim is the traits of real PDFs that make extraction hard: a two-column letterhead whose columns
share baselines (naive extraction reads "Piccadilly Gate T 0300 123 1231"), paragraphs and bullets
cut across pages mid-sentence, page numbers and running headers, Word's private-use bullet code
points (U+F0B7, U+F06E), words broken after their own hyphen at line ends, superscript footnote
markers with the note at the foot of the same page, bold runs inside a line. Each letter gets a mix
of the real variants chosen from a hash of its file name, and reportlab's invariant mode with fixed
metadata, so the same text always gives the same bytes and re-rendering does not churn git.

Needs reportlab, Pillow and the DejaVu fonts (fonts-dejavu-core), falling back to reportlab's Vera.
"""
from __future__ import annotations

import hashlib
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CORPUS = Path(__file__).resolve().parent
PAGE_W, PAGE_H = A4
LEFT = 70.9                       # 25 mm margins, as in the Word template of the real letters
TEXT_W = PAGE_W - 2 * LEFT
BODY_BOTTOM = 74.0                # lowest body baseline
FOOTER_Y = 56.0                   # page-number baseline
TOP_LATER = PAGE_H - 106.0        # first body baseline on pages 2+
FOOT_SIZE, FOOT_PITCH = 9.0, 11.0

BULLET_RE = re.compile(r"^(\s*)([-*•◼–\uf0b7\uf06e]|(?<=\s\s)o)\s+(.*)$")
FOOTDEF_RE = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
PAGENUM_RE = re.compile(r"^(page\s+)?\d{1,3}(\s*(of|/)\s*\d{1,3})?$", re.I)
DATE_RE = re.compile(r"^\d{1,2}(st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}$")
PHONE = r"(?:T|Tel|Telephone|Textphone|Minicom|F|Fax|Direct\s+T)\b:?"
CONTACT_RE = re.compile(rf"^{PHONE}(?=\s*[\d+(])", re.I)        # a telephone label, set in bold
CONTACT_AT = re.compile(rf"(?:(?<=\s)|^)(?:{PHONE}\s*[\d+(]"      # where the contact column starts
                        r"|(?:(?:E-?mail|Web|E|W)\b:?\s*)?(?:\S+@|www\.|https?://))", re.I)
# A service provider's letterhead (2005-2012 school letters): "Direct T", "Direct F" and "Direct
# email" lines, an "Ofsted helpline"; text extraction runs them on the addressee's lines.
PROVIDER_AT = re.compile(r"(?:(?<=\s)|^)(?:Direct\s+(?:T|F|Tel|Fax)\b:?\s*[\d+(]|Direct\s+e-?mail\b"
                         r"|(?:Ofsted\s+)?helpline\b)|\s{3,}", re.I)
PROVIDER_SIGN = re.compile(r"\bDirect\s+e-?mail\b", re.I)
SIGNOFF_RE = re.compile(r"^Yours\s+(sincerely|faithfully)", re.I)
RUN_RE = re.compile(r"(\*\*|\[\^[^\]]+\])")


# ---------------------------------------------------------------- fonts

def _font_path(name: str, fallback: str) -> str:
    for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
              "/usr/local/share/fonts"):
        if Path(d, name + ".ttf").exists():
            return str(Path(d, name + ".ttf"))
    return str(Path(pdfmetrics.__file__).parent.parent / "fonts" / (fallback + ".ttf"))


def _register_glyph_font(alias: str, ps_name: bytes, codes: dict[int, tuple[int, ...]]) -> None:
    """A copy of DejaVuSans posing as Word's Symbol / Wingdings font.

    Word writes bullets in those fonts at private-use code points (U+F0B7, U+F06E) and its ToUnicode
    map passes them through, so extracted text carries them. reportlab writes ToUnicode from the
    font's cmap, so adding the code point to the cmap (pointing at an existing glyph) reproduces
    that. Patch before registering: reportlab shares one font object per face name.
    """
    font = TTFont(alias, _font_path("DejaVuSans", "Vera"))
    font.face.name = ps_name
    for code, candidates in codes.items():
        src = next(c for c in candidates if c in font.face.charToGlyph)   # Vera lacks the squares
        font.face.charToGlyph[code] = font.face.charToGlyph[src]
        font.face.charWidths[code] = font.face.charWidths[src]
    pdfmetrics.registerFont(font)


def register_fonts() -> None:
    if "Body-DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return
    for name in ("DejaVuSans", "DejaVuSansCondensed", "DejaVuSerif"):
        pdfmetrics.registerFont(TTFont("Body-" + name, _font_path(name, "Vera")))
        pdfmetrics.registerFont(TTFont(f"Body-{name}-Bold", _font_path(name + "-Bold", "VeraBd")))
    square = (0x25FC, 0x25A0, 0x2022)
    _register_glyph_font("Wingdings", b"Wingdings-Regular", {0x25FC: square, 0xF06E: square})
    _register_glyph_font("Symbol", b"Symbol", {0xF0B7: (0x2022,)})


# Body fonts (regular, bold, size). Helvetica is not embedded, like Arial in many real PDFs.
FAMILIES = [("Body-DejaVuSansCondensed", "Body-DejaVuSansCondensed-Bold", 12.0),
            ("Body-DejaVuSans", "Body-DejaVuSans-Bold", 11.0),
            ("Helvetica", "Helvetica-Bold", 11.5),
            ("Body-DejaVuSerif", "Body-DejaVuSerif-Bold", 11.0)]
GLYPH_FONT = {"◼": "Wingdings", "\uf06e": "Wingdings", "\uf0b7": "Symbol", "o": "Courier"}


# ---------------------------------------------------------------- per-letter variants

@dataclass
class Style:
    regular: str
    bold: str
    size: float
    letterhead: str        # "columns" | "shifted" | "right": the real arrangements
    footer: str            # "right" | "centre" | "of" ("Page 2 of 5")
    number_first: bool     # a page number on page 1 too
    running_header: bool   # the provider's name at the top of pages 2+
    justify: bool
    bullet: str            # glyph drawn for '-' and '*' bullets
    sub_bullet: str
    bullet_x: float        # glyph offset from the margin (Word templates use 0 or 18 pt)
    split_long: bool       # also break long plain words with an inserted hyphen (a few letters)
    signature_gap: bool

    @property
    def pitch(self) -> float:
        return round(self.size * 1.21, 2)


def choose_style(stem: str, text: str) -> Style:
    h = int.from_bytes(hashlib.sha256(stem.encode()).digest()[:8], "big")

    def pick(options, salt):
        return options[(h >> (salt * 4)) % len(options)]

    family = pick(FAMILIES, 0)
    # Only plain WinAnsi text in Helvetica; reportlab puts its "•" at code 127, read as "(cid:127)".
    # (after the sign-off a list is set as plain lines, its glyphs in the body font)
    signoff = re.search(r"^Yours\s+(?:sincerely|faithfully)", text, re.M | re.I)
    cut = signoff.start() if signoff else len(text)
    body = re.sub(r"^\s*[•◼\uf0b7\uf06e] ", "", text[:cut], flags=re.M) + text[cut:]
    winansi = body.encode("cp1252", "replace").decode("cp1252") == body
    if family[0] == "Helvetica" and (not winansi or "•" in body):
        family = FAMILIES[0]
    return Style(regular=family[0], bold=family[1], size=family[2],
                 letterhead=pick(["columns", "shifted", "right"], 1),
                 footer=pick(["right", "right", "centre", "of"], 2),
                 number_first=pick([False, False, True], 3),
                 running_header=pick([False, True, False], 4),
                 justify=pick([False, False, True], 5),
                 bullet=pick(["◼", "\uf06e", "\uf0b7", "•", "–", "◼"], 6),
                 sub_bullet=pick(["o", "–"], 7),
                 bullet_x=pick([0.0, 0.0, 18.0], 8),
                 signature_gap=pick([True, False], 9),
                 split_long=(h >> 40) % 16 == 0)


# ---------------------------------------------------------------- reading the text letter

@dataclass
class Block:
    kind: str                         # "para" | "bullet" | "lines" (line breaks kept) | "gap"
    text: str = ""
    lines: list[str] = field(default_factory=list)
    level: int = 0
    glyph: str = ""


def _unterminated(text: str) -> bool:
    return not re.search(r"[.?!:;]['’”\")*]*$", text.strip())


def strip_furniture(lines: list[str]) -> list[str]:
    """Drop the text version's own page furniture around its page breaks (3+ blank lines).

    Page numbers ("2", "Page 2 of 5") just before or after a break; running headers, known by
    sitting after two or more breaks, on a page number, or between a sentence cut by the break and
    its lower-case continuation while naming the provider. The PDF gets its own furniture.
    """
    def nonblank(start: int, step: int, k: int) -> list[int]:
        out, i = [], start
        while 0 <= i < len(lines) and len(out) < k:
            if lines[i].strip():
                out.append(i)
            i += step
        return out

    starts, blank = [], 0
    for i, line in enumerate(lines):
        if line.strip():
            if blank >= 3:
                starts.append(i)
            blank = 0
        else:
            blank += 1
    seen = [lines[j].strip() for s in starts for j in nonblank(s, 1, 2)]
    head_names = set(re.findall(r"\b[A-Z(][\w)]+", "\n".join(lines[:40])))
    drop: set[int] = set()
    for s in starts:
        before = nonblank(s - 1, -1, 1)
        if before and PAGENUM_RE.match(lines[before[0]].strip()):
            drop.add(before[0])
        window = nonblank(s, 1, 4)
        for pos, j in enumerate(window[:3]):
            t = lines[j].strip()
            nxt = lines[window[pos + 1]].strip() if pos + 1 < len(window) else ""
            repeated = seen.count(t) >= 2 and not BULLET_RE.match(t)
            if PAGENUM_RE.match(t) or PAGENUM_RE.match(nxt) or repeated:
                drop.add(j)
                continue
            prev = [p for p in nonblank(s - 1, -1, 2) if p not in drop][:1]
            names = set(re.findall(r"\b[A-Z(][\w)]+", t[1:])) & head_names   # the provider's name
            if (prev and _unterminated(lines[prev[0]]) and nxt[:1].islower() and t[:1].isupper()
                    and len(t) < 90 and _unterminated(t) and names):
                drop.add(j)
            break
    return [line for i, line in enumerate(lines) if i not in drop]


def read_letter(text: str):
    """Split a text letter into its header (letterhead, date, recipient), body blocks and notes."""
    notes, lines = {}, []
    for line in text.replace("\r\n", "\n").split("\n"):
        m = FOOTDEF_RE.match(line.strip())
        if m:
            notes[m.group(1)] = m.group(2)
        else:
            lines.append(line.rstrip())
    # Chunks between blank lines, each with whether a page break (3+ blank lines) precedes it.
    chunks, blanks, cur = [], 0, []
    for line in [*strip_furniture(lines), ""]:
        if line.strip():
            if not cur:
                chunks.append((blanks >= 3, cur))
            cur.append(line)
            blanks = 0
        else:
            cur, blanks = [], blanks + 1 if not cur else 1
    head = {"letterhead": [], "date": None, "recipient": []}
    di = next((i for i, (_, ls) in enumerate(chunks[:8]) if DATE_RE.match(ls[0].strip())), None)
    if di is not None:
        # The recipient is the next chunk, or the next two when the salutation follows them.
        dear = [k for k in (di + 2, di + 3)
                if k < len(chunks) and chunks[k][1][0].startswith("Dear")]
        j = dear[0] if dear else min(di + 2, len(chunks))
        head["letterhead"] = [line.strip() for _, ls in chunks[:di] for line in ls]
        head["date"] = chunks[di][1][0].strip()
        head["recipient"] = [line.strip() for _, ls in chunks[di:j] for line in ls][1:]
        chunks = chunks[j:]
    return head, body_blocks(chunks), notes


def body_blocks(chunks) -> list[Block]:
    blocks: list[Block] = []
    signoff = False
    for brk, ls in chunks:
        first = ls[0].strip()
        signoff = signoff or bool(SIGNOFF_RE.match(first))
        if signoff or (first.startswith("**") and ls[-1].strip().endswith("**") and len(ls) < 4):
            blocks.append(Block("lines", lines=[line.strip() for line in ls]))
            if SIGNOFF_RE.match(first):
                blocks.append(Block("gap"))
            continue
        # A page break in the text can fall mid-sentence; the PDF flows, so join the halves. After
        # an unterminated list item, or as a short unterminated line, it is a list end or heading.
        prev = blocks[-1] if blocks else None
        heading_like = len(ls) == 1 and len(first) < 70 and _unterminated(first)
        cut_sentence = prev is not None and prev.kind == "para" and _unterminated(prev.text)
        cont = (brk and prev is not None and prev.kind in ("para", "bullet")
                and not BULLET_RE.match(ls[0])
                and (first[:1].islower() or (cut_sentence and not heading_like)))
        current = prev if cont else None
        for line in ls:
            m = BULLET_RE.match(line)
            if m:
                level = 1 if len(m.group(1).expandtabs(4)) >= 2 else 0
                current = Block("bullet", text=m.group(3).strip(), level=level, glyph=m.group(2))
                blocks.append(current)
            elif current is not None:   # a hard-wrapped line; "decision-" + "making" rejoin
                hyphen = re.search(r"[A-Za-z]-$", current.text) and line.strip()[:1].islower()
                current.text += ("" if hyphen else " ") + line.strip()
            else:
                current = Block("para", text=line.strip())
                blocks.append(current)
    return blocks


# ---------------------------------------------------------------- wrapping

@dataclass
class Piece:
    text: str
    font: str
    size: float
    space_before: bool
    rise: float = 0.0
    note: str | None = None

    @property
    def width(self) -> float:
        return pdfmetrics.stringWidth(self.text, self.font, self.size)


def _space(p: Piece) -> float:
    return pdfmetrics.stringWidth(" ", p.font, p.size)


def pieces(text: str, st: Style, size: float | None = None, bold: bool = False) -> list[Piece]:
    """Words with their font; '**' toggles bold, '[^n]' becomes a superscript glued to its word."""
    size = size or st.size
    out: list[Piece] = []
    space = False
    for tok in RUN_RE.split(text):
        if tok == "**":
            bold = not bold
        elif tok.startswith("[^"):
            label = tok[2:-1]
            out.append(Piece(label, st.regular, round(size * 0.66, 1), False, size * 0.36, label))
            space = False
        else:
            for word in re.split(r"(\s+)", tok):
                if word.isspace():
                    space = True
                elif word:
                    # Break points after a word's own hyphen ("decision-|making"), as Word has.
                    for k, part in enumerate(re.split(r"(?<=[A-Za-z]-)(?=[A-Za-z])", word)):
                        font = st.bold if bold else st.regular
                        out.append(Piece(part, font, size, space and k == 0))
                    space = False
    return out


def _split_long(p: Piece, room: float) -> tuple[Piece, Piece] | None:
    """Cut a long plain word between two consonants ("protec-tion") to fit room, if it can."""
    for k in range(len(p.text) - 4, 3, -1):
        a, b = p.text[k - 1].lower(), p.text[k].lower()
        head = Piece(p.text[:k] + "-", p.font, p.size, p.space_before)
        digraph = a + b in ("ng", "th", "ch", "sh", "ck", "ph")
        if a not in "aeiouy" and b not in "aeiouy" and not digraph and head.width <= room:
            return head, Piece(p.text[k:], p.font, p.size, False)
    return None


Line = list[tuple[float, Piece]]


def wrap(ps: list[Piece], width: float, st: Style, justify: bool) -> list[Line]:
    """Greedy line filling; returns lines of (x offset, piece)."""
    lines, line = [], []

    def used() -> float:
        return sum(q.width for q in line) + sum(_space(q) for q in line[1:] if q.space_before)

    def flush(last: bool) -> None:
        gaps = sum(1 for p in line[1:] if p.space_before)
        extra = (width - used()) / gaps if justify and not last and gaps else 0.0
        x, placed = 0.0, []
        for i, p in enumerate(line):
            space = _space(p) + extra if i and p.space_before else 0.0
            prev = placed[-1][1] if placed else None
            same = prev and (prev.font, prev.size, prev.rise) == (p.font, p.size, p.rise)
            if not justify and same:
                prev.text += " " * bool(space) + p.text    # ragged lines carry real spaces
            elif not justify and space:
                placed.append((x, Piece(" " + p.text, p.font, p.size, True, p.rise, p.note)))
            else:
                placed.append((x + space, Piece(p.text, p.font, p.size, p.space_before, p.rise,
                                                p.note)))
            x += space + p.width
        lines.append(placed)
        line.clear()

    queue = list(ps)
    while queue:
        p = queue.pop(0)
        gap = _space(p) if p.space_before and line else 0.0
        if not line or used() + gap + p.width <= width:
            line.append(p)
            continue
        # Letters with split_long hyphenate a long plain word when the line would end well short:
        # an inserted hyphen, not part of the word, which a parser has to undo.
        cut = None
        if st.split_long and width - used() > 0.1 * width and p.note is None and p.text.isalpha():
            cut = _split_long(p, width - used() - gap)
        if cut:
            line.append(cut[0])
            queue.insert(0, cut[1])
        else:
            # Break only at a space or after a hyphen: pieces glued to p (a superscript, a bold
            # "2:" against its word) go down to the next line with it.
            carry = [p]
            while line and not carry[0].space_before and not line[-1].text.endswith("-"):
                carry.insert(0, line.pop())
            if not line:                       # nowhere to break: overflow rather than loop
                line[:], carry = carry[:-1], carry[-1:]
            queue[:0] = carry
        flush(False)
    if line:
        flush(True)
    return lines


# ---------------------------------------------------------------- pagination

class Layout:
    """Places lines top-down, page by page, keeping each footnote on its marker's page."""

    def __init__(self, st: Style, notes: dict[str, str]):
        self.st, self.notes = st, notes
        self.pages: list[dict] = []
        self.parent_glyph = ""
        self.new_page()

    def new_page(self) -> None:
        self.page = {"ops": [], "notes": []}
        self.pages.append(self.page)
        self.y, self.top = TOP_LATER, True

    def fits(self, n: int, labels=()) -> bool:
        labels = self.page["notes"] + [n for n in labels if n in self.notes]
        notes_h = sum(len(wrap_note(self.notes[lab], self.st)) * FOOT_PITCH + 2 for lab in labels)
        return self.y - n * self.st.pitch >= BODY_BOTTOM + notes_h + (10 if labels else 0)

    def space(self, gap: float) -> None:
        if not self.top:
            self.y -= gap

    def line(self, placed, x0: float) -> None:
        labels = [p.note for _, p in placed if p.note]
        if not self.fits(1, labels):
            self.new_page()
        self.y -= 0 if self.top else self.st.pitch
        self.top = False
        self.page["ops"] += [(x0 + x, self.y + p.rise, p) for x, p in placed]
        self.page["notes"] += [n for n in labels if n in self.notes and n not in self.page["notes"]]

    def block(self, b: Block, keep_next: bool) -> None:
        st = self.st
        if b.kind == "gap":
            self.space(st.pitch * 2.2 if st.signature_gap else 0)
            return
        self.space(st.size)
        x_text, lead = LEFT, None
        if b.kind == "lines":
            bold, lines = False, []
            for text in b.lines:
                lines += wrap(pieces(text, st, bold=bold), TEXT_W, st, False)
                bold = (text.count("**") % 2 == 1) != bold
        else:
            if b.kind == "bullet":
                x_glyph = LEFT + st.bullet_x + 18 * b.level
                x_text = x_glyph + 18
                glyph = b.glyph if b.glyph not in "-*" else st.bullet
                if b.level:   # a sub-item always gets a glyph unlike its parent's
                    glyph = st.sub_bullet if st.sub_bullet != self.parent_glyph else "o"
                else:
                    self.parent_glyph = glyph
                plain = "Body-DejaVuSans" if st.regular == "Helvetica" else st.regular
                font = GLYPH_FONT.get(glyph, plain)
                lead = (x_glyph - x_text, Piece(glyph, font, st.size, False))
                self.space(-st.size * 0.4)     # list items sit closer than paragraphs
            lines = wrap(pieces(b.text, st), PAGE_W - LEFT - x_text, st, st.justify)
        if keep_next and len(lines) < 4 and not self.fits(len(lines) + 2):
            self.new_page()                    # a heading goes over with its first lines
        for i, ln in enumerate(lines):
            self.line(([lead] if lead and i == 0 else []) + ln, x_text)


def wrap_note(text: str, st: Style) -> list[Line]:
    return wrap(pieces(text, st, FOOT_SIZE), TEXT_W - 8, st, False)


def layout_header(lay: Layout, head: dict) -> None:
    """Page 1: the letterhead in two columns that share baselines, then the date and recipient."""
    st = lay.st
    address, contact = [], []
    for line in head["letterhead"]:
        # Text letters copied from a PDF may carry the columns already merged ("Store Street
        # Textphone 0161 618 8524"), even a wrapped number ("Store Street 8524"): pull them apart.
        m = CONTACT_AT.search(line)
        addr, cont = (line[:m.start()].strip(), line[m.start():].strip()) if m else (line, "")
        cut = contact[-1] if contact and not cont else ""
        tail = (re.search(r"(\s\d{3,4})+$", addr) if re.search(r"\d$", cut) else
                re.search(r"\s[a-z.]+\.[a-z]+$", addr) if cut.endswith(".") else None)
        if tail:
            joint = " " if cut[-1].isdigit() else ""
            addr, contact[-1] = addr[:tail.start()], cut + joint + tail.group(0).strip()
        address += [addr] if addr else []
        contact += [cont] if cont else []
    recipient, beside = head["recipient"], []
    provider = any(PROVIDER_SIGN.search(line) for line in head["recipient"] + head["letterhead"])
    if provider:
        recipient, beside = provider_columns(head["recipient"])
    left = [head["date"], "", *recipient]
    mode = st.letterhead
    if mode == "right" and (beside or any(pdfmetrics.stringWidth(s, st.regular, st.size) > 300
                                          for s in left)):
        mode = "columns"                      # a long recipient line would run into the column

    def put(x: float, y: float, text: str, size: float) -> None:
        m = CONTACT_RE.match(text)            # the real letterhead sets "T", "Textphone" in bold
        ps = pieces(text[m.end():] if m else text, st, size)
        if m:
            ps.insert(0, Piece(m.group(0), st.bold, size, False))
        for xo, p in wrap(ps, 400, st, False)[0]:
            lay.page["ops"].append((x + xo, y, p))

    if mode == "right":
        # Letterhead stacked at the right on the body's own grid, level with the date and recipient.
        y0 = PAGE_H - 128
        for i, text in enumerate([*address, "", *contact]):
            if text:
                put(LEFT + 318, y0 - i * st.pitch, text, 9)
        rows = max(len(left), len(address) + 1 + len(contact))
    else:
        # Two small columns at the top left: the address, and telephone/e-mail/web one row lower
        # ("columns") or one row higher ("shifted"), as in the Word template.
        top, pitch = PAGE_H - 46, 10.9
        a_off, c_off = (0, 1) if mode == "columns" else (1, 0)
        for i, text in enumerate(address):
            put(LEFT, top - (i + a_off) * pitch, text, 9)
        for i, text in enumerate(contact):   # a provider's longer name: the column further out
            put(LEFT + (200 if provider else 98.3), top - (i + c_off) * pitch, text, 8)
        y0 = top - max(len(address) + a_off, len(contact) + c_off) * pitch - 44
        rows = len(left) + 1
    for i, text in enumerate(left):
        if text:
            put(LEFT, y0 - i * st.pitch, text, st.size)
    # The provider’s Direct T/F/email column, on the baselines of the date and address block.
    for i, text in enumerate(beside):
        put(LEFT + 290, y0 - i * st.pitch, text, 9)
    rows = max(rows, len(beside) + 1)
    lay.y, lay.top = y0 - rows * st.pitch - 24, True


def provider_columns(lines: list[str]) -> tuple[list[str], list[str]]:
    """Pull a service provider's letterhead column out of the address block it was copied with:
    the part of a line from its "Direct T ..." item or a wide gap on, and whole lines of such
    items. Returns (the address block's lines, the column's lines)."""
    left, right = [], []
    for line in lines:
        m = PROVIDER_AT.search(line)
        if m is None and not CONTACT_AT.match(line):
            left.append(line.strip())
            continue
        cut = m.start() if m is not None else 0
        if line[:cut].strip():
            left.append(line[:cut].strip())
        # "Direct email:" over its address, as the narrow column wraps it
        label = re.match(r"(Direct\s+e-?mail:?)\s+(\S+@\S+)$", line[cut:].strip(), re.I)
        right += list(label.groups()) if label else [line[cut:].strip()]
    return left, right


# ---------------------------------------------------------------- drawing

def logo() -> ImageReader:
    """A stand-in for the crest image at the top right of page 1 (real letters carry one)."""
    img = Image.new("RGB", (180, 120), "white")
    d = ImageDraw.Draw(img)
    ink = (80, 60, 140)
    for cx in (110, 135, 160):
        d.polygon([(cx + r * math.sin(k * math.pi / 5), 20 - r * math.cos(k * math.pi / 5))
                   for k, r in enumerate([13, 5] * 5)], fill=ink)
    d.ellipse((12, 40, 58, 92), outline=ink, width=8)
    d.rectangle((66, 46, 172, 82), fill=ink)
    for y in (98, 110):                       # where the strapline would be
        d.rectangle((66, y, 172, y + 5), fill=(150, 140, 190))
    return ImageReader(img)


def draw_ops(c: canvas.Canvas, ops) -> None:
    t = c.beginText()
    for x, y, p in ops:
        t.setTextOrigin(x, y)
        t.setFont(p.font, p.size)
        t.textOut(p.text)
    c.drawText(t)


def draw_notes(c: canvas.Canvas, st: Style, labels: list[str], notes: dict[str, str]) -> None:
    """Footnotes at the foot of the page, above the page number, under a short rule."""
    wrapped = [(lab, wrap_note(notes[lab], st)) for lab in labels]
    y = BODY_BOTTOM - 4 + sum(len(ls) * FOOT_PITCH + 2 for _, ls in wrapped)
    if wrapped:
        c.setLineWidth(0.7)
        c.line(LEFT, y + 6, LEFT + 144, y + 6)
    for lab, ls in wrapped:
        y -= FOOT_PITCH
        c.setFont(st.regular, 6.5)
        c.drawString(LEFT, y + 3, lab)
        draw_ops(c, [(LEFT + 8 + x, y - i * FOOT_PITCH, p)
                     for i, ln in enumerate(ls) for x, p in ln])
        y -= (len(ls) - 1) * FOOT_PITCH + 2


def running_header_text(head: dict, blocks: list[Block]) -> str:
    for line in head["recipient"]:
        if re.search(r"Council|Cafcass|Borough|County|City", line):
            return line
    title = next((b for b in blocks if b.kind == "lines"), None)
    return title.lines[-1].replace("**", "") if title else ""


def render(src: Path, out: Path, encrypt=None) -> int:
    """Render one text letter; encrypt is passed to reportlab (make_bad.py uses it)."""
    register_fonts()
    text = src.read_text(encoding="utf-8")
    st = choose_style(src.stem, text)
    head, blocks, notes = read_letter(text)
    lay = Layout(st, notes)
    if head["date"]:
        layout_header(lay, head)
    for i, b in enumerate(blocks):
        heading = (b.text or "".join(b.lines)).startswith("**") and b.kind != "bullet"
        lay.block(b, keep_next=heading and i + 1 < len(blocks) and blocks[i + 1].kind != "lines")
    placed = {n for page in lay.pages for n in page["notes"]}
    lay.page["notes"] += [n for n in notes if n not in placed]   # defined but never cited
    header = running_header_text(head, blocks) if st.running_header else ""
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1, encrypt=encrypt)
    c.setTitle(src.stem)
    c.setAuthor("Ofsted")
    c.setCreator("corpus/render.py")
    c.setProducer("corpus/render.py (reportlab)")
    for n, page in enumerate(lay.pages, 1):
        if n == 1 and head["date"]:
            c.drawImage(logo(), PAGE_W - LEFT - 120, PAGE_H - 110, 120, 80)
        draw_ops(c, page["ops"])
        draw_notes(c, st, page["notes"], notes)
        if n > 1 and header:
            c.setFont(st.regular, 8)
            c.drawRightString(PAGE_W - LEFT, PAGE_H - 40, header)
        if n > 1 or st.number_first:
            c.setFont(st.regular, 9 if st.footer == "of" else st.size)
            label = f"Page {n} of {len(lay.pages)}" if st.footer == "of" else str(n)
            if st.footer == "right":
                c.drawRightString(PAGE_W - LEFT, FOOTER_Y, label)
            else:
                c.drawCentredString(PAGE_W / 2, FOOTER_Y, label)
        c.showPage()
    c.save()
    return len(lay.pages)


def main(argv: list[str]) -> int:
    outdir = CORPUS / "pdf"
    if argv[:1] in (["-o"], ["--outdir"]):      # for trying letters from outside the corpus
        outdir, argv = Path(argv[1]), argv[2:]
    srcs = [Path(a) for a in argv] or sorted(
        p for p in CORPUS.glob("*/*.txt") if p.parent.name not in ("bad", "pdf"))
    outdir.mkdir(exist_ok=True)
    for src in srcs:
        out = outdir / (src.stem + ".pdf")
        pages = render(src, out)
        st = choose_style(src.stem, src.read_text(encoding="utf-8"))
        traits = [st.regular.removeprefix("Body-"), f"{st.letterhead} letterhead",
                  f"footer {st.footer}", "running header" * st.running_header,
                  "justified" * st.justify, "may insert hyphens" * st.split_long]
        print(f"{out.name}: {pages} pages; {', '.join(t for t in traits if t)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

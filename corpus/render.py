#!/usr/bin/env python3
"""Render corpus text letters to PDFs laid out the way real Ofsted letters are.

    python corpus/render.py [-o OUTDIR] [TXT ...]   (default: every corpus/*/*.txt but corpus/bad/)

writes corpus/pdf/<NAME>.pdf (or OUTDIR/<NAME>.pdf) for each letter. A development tool only: it does not import
inspection_parse, so the PDFs test the parser's PDF loader against an independent layout.

The point is to reproduce the traits of the real PDFs that make extraction hard, not to look pretty:
a two-column letterhead whose columns share baselines (naive extraction reads
"Aviation House T 0300 123 1231"), paragraphs and bullets broken across pages mid-sentence, page
numbers and running headers, Word's private-use bullet code points (U+F0B7, U+F06E), words broken
after their own hyphen at line ends, superscript footnote markers with the note at the foot of the
same page, and bold runs inside a line. Each letter gets a deterministic mix of 2-3 real variants,
chosen from a hash of its file name, so the corpus covers them all without churn: the same text
always gives the same bytes (reportlab invariant mode, fixed metadata).

Needs reportlab and Pillow, and the DejaVu TTFs (fonts-dejavu-core); without them it falls back to
the Vera fonts that ship with reportlab.
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
LEFT = 70.9                       # 25 mm, as in the Word template the real letters use
TEXT_W = PAGE_W - 2 * LEFT
BODY_BOTTOM = 74.0                # lowest body baseline (from the page foot)
FOOTER_Y = 56.0                   # page-number baseline
TOP_LATER = PAGE_H - 106.0        # first body baseline on pages 2+
FOOT_SIZE, FOOT_PITCH = 9.0, 11.0

BULLET_RE = re.compile(r"^(\s*)([-*•◼–\uf0b7\uf06e]|(?<=\s\s)o)\s+(.*)$")
FOOTDEF_RE = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
PAGENUM_RE = re.compile(r"^(page\s+)?\d{1,3}(\s*(of|/)\s*\d{1,3})?$", re.I)
DATE_RE = re.compile(r"^\d{1,2}(st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}$")
CONTACT_RE = re.compile(r"^(T|Tel|Telephone|Textphone|Minicom|F|Fax|Direct\s+T|E|Email)\b\s*:?\s*(?=[\d+(])", re.I)
SIGNOFF_RE = re.compile(r"^Yours\s+(sincerely|faithfully)", re.I)
RUN_RE = re.compile(r"(\*\*|\[\^[^\]]+\])")


# ---------------------------------------------------------------- fonts

def _ttf(name: str) -> str | None:
    for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"):
        if Path(d, name + ".ttf").exists():
            return str(Path(d, name + ".ttf"))
    return None


def _font_path(name: str, fallback: str) -> str:
    return _ttf(name) or str(Path(pdfmetrics.__file__).parent.parent / "fonts" / (fallback + ".ttf"))


def _register_glyph_font(alias: str, ps_name: bytes, codes: dict[int, tuple[int, ...]]) -> None:
    """A copy of DejaVuSans posing as Word's Symbol / Wingdings font.

    Word writes bullets in those fonts at private-use code points (U+F0B7, U+F06E) and its ToUnicode
    map passes them through, so extracted text carries them. reportlab writes ToUnicode from the
    font's cmap, so adding the code point to the cmap (pointing at an existing glyph) reproduces that.
    The face is patched before registering: reportlab keys fonts by face name.
    """
    font = TTFont(alias, _font_path("DejaVuSans", "Vera"))
    face = font.face
    face.name = ps_name
    for code, candidates in codes.items():
        src = next(c for c in candidates if c in face.charToGlyph)   # Vera lacks the squares
        face.charToGlyph[code] = face.charToGlyph[src]
        face.charWidths[code] = face.charWidths[src]
    pdfmetrics.registerFont(font)


def register_fonts() -> None:
    if "Body-DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return
    for name, fallback in (("DejaVuSans", "Vera"), ("DejaVuSans-Bold", "VeraBd"),
                           ("DejaVuSansCondensed", "Vera"), ("DejaVuSansCondensed-Bold", "VeraBd"),
                           ("DejaVuSerif", "Vera"), ("DejaVuSerif-Bold", "VeraBd")):
        pdfmetrics.registerFont(TTFont("Body-" + name, _font_path(name, fallback)))
    square = (0x25FC, 0x25A0, 0x2022)
    _register_glyph_font("Wingdings", b"Wingdings-Regular", {0x25FC: square, 0xF06E: square})
    _register_glyph_font("Symbol", b"Symbol", {0xF0B7: (0x2022,)})


# Body font families: (regular, bold, size). Helvetica is not embedded, like Arial in many PDFs;
# it is only chosen when the text fits WinAnsi.
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
    letterhead: str        # "columns" | "shifted" | "right": the three real arrangements
    footer: str            # "right" | "centre" | "of"
    number_first: bool     # page number on page 1 too
    running_header: bool
    justify: bool
    bullet: str            # glyph drawn for '-' and '*' bullets
    sub_bullet: str
    bullet_x: float        # glyph offset from the margin (Word templates use 0 or 18 pt)
    split_long: bool       # break long plain words with an inserted hyphen (a minority of letters)
    signature_gap: bool

    @property
    def pitch(self) -> float:
        return round(self.size * 1.21, 2)


def choose_style(stem: str, text: str) -> Style:
    h = int.from_bytes(hashlib.sha256(stem.encode()).digest()[:8], "big")

    def pick(options, salt):
        return options[(h >> (salt * 4)) % len(options)]

    family = pick(FAMILIES, 0)
    if family[0] == "Helvetica":
        try:
            re.sub(r"^\s*[•◼\uf0b7\uf06e] ", "", text, flags=re.M).encode("cp1252")
            assert "•" not in text.replace("\n• ", "")
        except (UnicodeEncodeError, AssertionError):
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
                 split_long=(h >> 40) % 6 == 0,
                 signature_gap=pick([True, False], 9))


# ---------------------------------------------------------------- reading the text letter

@dataclass
class Block:
    kind: str                         # "para" | "bullet" | "lines" | "gap"
    text: str = ""
    lines: list[str] = field(default_factory=list)
    level: int = 0
    glyph: str = ""


def _unterminated(text: str) -> bool:
    return not re.search(r"[.?!:;]['’”\")*]*$", text.strip())


def strip_furniture(lines: list[str]) -> list[str]:
    """Drop the text version's own page furniture around its page breaks (3+ blank lines).

    Page numbers ("2", "Page 2 of 5") just before or after a break; running headers, known by
    sitting after two or more breaks, by sitting on a page number, or by sitting alone between a
    sentence cut by the break and its lower-case continuation. The PDF gets its own furniture.
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
    drop: set[int] = set()
    for s in starts:
        before = nonblank(s - 1, -1, 1)
        if before and PAGENUM_RE.match(lines[before[0]].strip()):
            drop.add(before[0])
        window = nonblank(s, 1, 4)
        for pos, j in enumerate(window[:3]):
            t = lines[j].strip()
            on_number = PAGENUM_RE.match(lines[window[pos + 1]].strip()) if pos + 1 < len(window) else False
            if PAGENUM_RE.match(t) or on_number or (seen.count(t) >= 2 and not BULLET_RE.match(t)):
                drop.add(j)
                continue
            prev = nonblank(s - 1, -1, 2)
            prev = [p for p in prev if p not in drop][:1]
            single = j + 1 < len(lines) and not lines[j + 1].strip()
            if (single and pos + 1 < len(window) and prev and _unterminated(lines[prev[0]])
                    and lines[window[pos + 1]].strip()[:1].islower()):
                drop.add(j)
            break
    return [line for i, line in enumerate(lines) if i not in drop]


def read_letter(text: str):
    """Split a text letter into header parts, body blocks and footnote definitions."""
    footnotes, lines = {}, []
    for line in text.replace("\r\n", "\n").split("\n"):
        m = FOOTDEF_RE.match(line.strip())
        if m:
            footnotes[m.group(1)] = m.group(2)
        else:
            lines.append(line.rstrip())
    lines = strip_furniture(lines)
    # Chunks between blank lines, each with whether a page break (3+ blank lines) precedes it.
    kept, blanks, cur = [], 0, []
    for line in lines + [""]:
        if line.strip():
            if not cur:
                kept.append([blanks >= 3, cur])
            cur.append(line)
            blanks = 0
        else:
            cur, blanks = [], blanks + 1 if not cur else 1
    # Header zone: letterhead lines, the date, the recipient lines up to "Dear ...".
    head = {"letterhead": [], "date": None, "recipient": []}
    di = next((i for i, (_, ls) in enumerate(kept[:8]) if DATE_RE.match(ls[0].strip())), None)
    if di is not None:
        head["letterhead"] = [l.strip() for _, ls in kept[:di] for l in ls]
        head["date"] = kept[di][1][0].strip()
        # The recipient is the next chunk, or the next two when the salutation follows them.
        dear = [k for k in (di + 2, di + 3) if k < len(kept) and kept[k][1][0].startswith("Dear")]
        j = dear[0] if dear else min(di + 2, len(kept))
        rest = kept[di][1][1:] + [line for _, ls in kept[di + 1:j] for line in ls]
        head["recipient"] = [l.strip() for l in rest]
        kept = kept[j:]
    return head, body_blocks(kept), footnotes


def body_blocks(chunks) -> list[Block]:
    blocks: list[Block] = []
    signoff = False
    for brk, ls in chunks:
        first = ls[0].strip()
        if SIGNOFF_RE.match(first):
            signoff = True
            blocks.append(Block("lines", lines=[l.strip() for l in ls]))
            blocks.append(Block("gap"))
            continue
        if signoff or (first.startswith("**") and ls[-1].strip().endswith("**") and len(ls) < 4):
            blocks.append(Block("lines", lines=[l.strip() for l in ls]))
            continue
        prev = blocks[-1] if blocks else None
        # A page break in the text can fall mid-sentence: the PDF flows, so stitch it back together.
        # An unterminated list item or a short line after the break is a list end or a heading.
        heading_like = len(ls) == 1 and len(first) < 70 and _unterminated(first)
        cont = (brk and prev is not None and prev.kind in ("para", "bullet")
                and not BULLET_RE.match(ls[0])
                and (first[:1].islower() or (prev.kind == "para" and _unterminated(prev.text)
                                             and not heading_like)))
        current = prev if cont else None
        for line in ls:
            m = BULLET_RE.match(line)
            if m:
                level = 1 if len(m.group(1).expandtabs(4)) >= 2 else 0
                current = Block("bullet", text=m.group(3).strip(), level=level, glyph=m.group(2))
                blocks.append(current)
            elif current is not None:
                current.text += " " + line.strip()
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


def pieces(text: str, st: Style, size: float | None = None, bold: bool = False) -> list[Piece]:
    """Words with their font; '**' toggles bold, '[^n]' becomes a superscript glued to its word."""
    size = size or st.size
    out: list[Piece] = []
    space = False
    for tok in RUN_RE.split(text):
        if tok == "**":
            bold = not bold
        elif tok.startswith("[^"):
            out.append(Piece(tok[2:-1], st.regular, round(size * 0.66, 1), False, size * 0.36, tok[2:-1]))
            space = False
        else:
            for word in re.split(r"(\s+)", tok):
                if not word:
                    continue
                if word.isspace():
                    space = True
                    continue
                # Break points after a word's own hyphen ("decision-|making"), as Word does.
                for k, part in enumerate(re.split(r"(?<=[A-Za-z]-)(?=[A-Za-z])", word)):
                    out.append(Piece(part, st.bold if bold else st.regular, size, space and k == 0))
                space = False
    return out


def wrap(ps: list[Piece], width: float, st: Style, justify: bool) -> list[list[tuple[float, Piece]]]:
    """Greedy line filling; returns lines of (x offset, piece)."""
    lines, line, w = [], [], 0.0

    def sw(p):
        return pdfmetrics.stringWidth(" ", p.font, p.size) if p.space_before and line else 0.0

    def flush(last):
        nonlocal line, w
        gaps = sum(1 for p in line[1:] if p.space_before)
        extra = (width - w) / gaps if justify and not last and gaps else 0.0
        x, placed = 0.0, []
        for i, p in enumerate(line):
            space = pdfmetrics.stringWidth(" ", p.font, p.size) if i and p.space_before else 0.0
            prev = placed[-1][1] if placed else None
            if not justify and prev and (prev.font, prev.size, prev.rise) == (p.font, p.size, p.rise):
                # Ragged lines carry real space characters, as word processors write them.
                prev.text += " " * bool(space) + p.text
            elif not justify and space:
                placed.append((x, Piece(" " + p.text, p.font, p.size, True, p.rise, p.note)))
            else:
                placed.append((x + space + extra * bool(space), Piece(p.text, p.font, p.size, p.space_before, p.rise, p.note)))
            x += space + extra * bool(space) + p.width
        lines.append(placed)
        line, w = [], 0.0

    queue = list(ps)
    while queue:
        p = queue.pop(0)
        if not line or w + sw(p) + p.width <= width:
            w += sw(p) + p.width
            line.append(p)
            continue
        # Letters with split_long also hyphenate a long plain word when the line would otherwise
        # end well short, between two consonants ("protec-tion"): an inserted hyphen that is not
        # part of the word, which a parser must undo.
        k = len(p.text) - 4 if st.split_long and width - w > 0.1 * width else 0
        while p.note is None and p.text.isalpha() and len(p.text) >= 9 and k >= 4:
            a, b = p.text[k - 1].lower(), p.text[k].lower()
            head = Piece(p.text[:k] + "-", p.font, p.size, p.space_before)
            if (a not in "aeiouy" and b not in "aeiouy" and a + b not in ("ng", "th", "ch", "sh", "ck", "ph")
                    and w + sw(head) + head.width <= width):
                line.append(head)
                queue.insert(0, Piece(p.text[k:], p.font, p.size, False))
                break
            k -= 1
        else:
            # Only break at a space or after a hyphen; keep glued pieces (a superscript, a bold
            # "2:" against its word) together by carrying them down to the next line.
            carry = [p]
            while line and not carry[0].space_before and not line[-1].text.endswith("-"):
                carry.insert(0, line.pop())
            if not line:
                line, carry = carry[:-1], carry[-1:]
            w = sum(q.width for q in line) + sum(
                pdfmetrics.stringWidth(" ", q.font, q.size) for q in line[1:] if q.space_before)
            queue[:0] = carry
            if not line:
                line.append(queue.pop(0))
        flush(False)
    if line:
        flush(True)
    return lines


# ---------------------------------------------------------------- pagination

class Layout:
    def __init__(self, st: Style, notes: dict[str, str]):
        self.st, self.notes = st, notes
        self.pages: list[dict] = []
        self.parent_glyph = ""
        self.new_page()

    def new_page(self, y: float = TOP_LATER):
        self.page = {"ops": [], "notes": []}
        self.pages.append(self.page)
        self.y, self.top = y, True

    def note_height(self, labels) -> float:
        h = 0.0
        for label in labels:
            n = len(wrap(pieces(self.notes.get(label, ""), self.st, FOOT_SIZE), TEXT_W - 8, self.st, False))
            h += n * FOOT_PITCH + 2
        return h + 10 if labels else 0.0

    def fits(self, lines_needed: int, pitch: float, labels=()) -> bool:
        labels = self.page["notes"] + [n for n in labels if n in self.notes]
        return self.y - lines_needed * pitch >= BODY_BOTTOM + self.note_height(labels)

    def space(self, gap: float):
        if not self.top:
            self.y -= gap

    def line(self, placed, x0: float, pitch: float):
        labels = [p.note for _, p in placed if p.note]
        if not self.fits(1, pitch, labels):
            self.new_page()
        self.y -= pitch if not self.top else 0
        self.top = False
        self.page["ops"] += [(x0 + x, self.y + p.rise, p) for x, p in placed]
        self.page["notes"] += [n for n in labels if n in self.notes and n not in self.page["notes"]]

    def block(self, b: Block, keep_next: bool):
        st = self.st
        if b.kind == "gap":
            self.space(st.pitch * 2.2 if st.signature_gap else 0)
            return
        self.space(st.size)
        if b.kind == "lines":
            bold = False
            wrapped = []
            for text in b.lines:
                ps = pieces(text, st, bold=bold)
                bold = (text.count("**") % 2 == 1) != bold
                wrapped += wrap(ps, TEXT_W, st, False)
            if keep_next and not self.fits(len(wrapped) + 2, st.pitch):
                self.new_page()
            for ln in wrapped:
                self.line(ln, LEFT, st.pitch)
            return
        x_text = LEFT
        if b.kind == "bullet":
            x_glyph = LEFT + st.bullet_x + 18 * b.level
            x_text = x_glyph + 18
            glyph = b.glyph if b.glyph not in "-*" else st.bullet
            if b.level:   # a sub-item always gets a glyph unlike its parent's
                glyph = st.sub_bullet if st.sub_bullet != self.parent_glyph else "o"
            else:
                self.parent_glyph = glyph
            # reportlab puts Helvetica's bullet at code 127, which extracts as "(cid:127)".
            font = GLYPH_FONT.get(glyph, st.regular if st.regular != "Helvetica" else "Body-DejaVuSans")
            self.space(-st.size * 0.4)     # list items sit closer than paragraphs
        lines = wrap(pieces(b.text, st), PAGE_W - LEFT - x_text, st, st.justify)
        if keep_next and len(b.text) < 90 and not self.fits(3, st.pitch):
            self.new_page()
        for i, ln in enumerate(lines):
            if i == 0 and b.kind == "bullet":
                ln = [(x_glyph - x_text, Piece(glyph, font, st.size, False))] + ln
            self.line(ln, x_text, st.pitch)


def layout_header(lay: Layout, head: dict) -> None:
    """Page 1: the letterhead in two columns sharing baselines, then the date and recipient."""
    st = lay.st
    lh = head["letterhead"]
    address = [l for l in lh if not (CONTACT_RE.match(l) or "@" in l or "www." in l or "http" in l)]
    contact = [l for l in lh if l not in address]
    left = [head["date"], ""] + head["recipient"]
    too_wide = any(pdfmetrics.stringWidth(l, st.regular, st.size) > 300 for l in left)
    mode = "columns" if st.letterhead == "right" and too_wide else st.letterhead

    def put(x, y, text, size):
        m = CONTACT_RE.match(text)
        label = m.group(0).rstrip() if m else ""   # the real letterhead sets "T", "Textphone" in bold
        ps = [Piece(label, st.bold, size, False)] if label else []
        ps += pieces(text[len(label):], st, size)
        if label and len(ps) > 1:
            ps[1].space_before = True
        for xo, p in wrap(ps, 400, st, False)[0]:
            lay.page["ops"].append((x + xo, y, p))

    if mode == "right":
        # Letterhead stacked at the right on the body's own grid, level with the date and recipient.
        y0 = PAGE_H - 128
        for i, text in enumerate(address + [""] + contact):
            if text:
                put(LEFT + 318, y0 - i * st.pitch, text, 9)
        for i, text in enumerate(left):
            if text:
                put(LEFT, y0 - i * st.pitch, text, st.size)
        rows = max(len(left), len(address) + 1 + len(contact))
        lay.y = y0 - rows * st.pitch - 24
    else:
        # Two small columns at top left: address, and telephone/e-mail/web one row lower
        # ("columns") or one row higher ("shifted"), as in the Word template.
        y0, pitch = PAGE_H - 46, 10.9
        a_off, c_off = (0, 1) if mode == "columns" else (1, 0)
        for i, text in enumerate(address):
            put(LEFT, y0 - (i + a_off) * pitch, text, 9)
        for i, text in enumerate(contact):
            put(LEFT + 98.3, y0 - (i + c_off) * pitch, text, 8)
        rows = max(len(address) + a_off, len(contact) + c_off)
        y = y0 - rows * pitch - 44
        for i, text in enumerate(left):
            if text:
                put(LEFT, y - i * st.pitch, text, st.size)
        lay.y = y - len(left) * st.pitch - 30
    lay.top = True


# ---------------------------------------------------------------- drawing

def logo() -> ImageReader:
    """A stand-in for the crest image at the top right of page 1 (real letters carry one)."""
    img = Image.new("RGB", (180, 120), "white")
    d = ImageDraw.Draw(img)
    ink = (80, 60, 140)
    for cx in (110, 135, 160):
        d.polygon([(cx + r * math.sin(k * math.pi / 5), 20 - r * math.cos(k * math.pi / 5))
                   for k, r in zip(range(10), [13, 5] * 5)], fill=ink)
    d.ellipse((12, 40, 58, 92), outline=ink, width=8)
    d.rectangle((66, 46, 172, 82), fill=ink)
    for y in (98, 110):                   # where the strapline would be
        d.rectangle((66, y, 172, y + 5), fill=(150, 140, 190))
    return ImageReader(img)


def running_header_text(head: dict, blocks: list[Block]) -> str:
    for line in head["recipient"]:
        if re.search(r"Council|Cafcass|Borough|County|City", line):
            return line
    first = next((b for b in blocks if b.kind == "lines"), None)
    return re.sub(r"\*\*", "", first.lines[-1]) if first else ""


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
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        heading = b.kind in ("para", "lines") and b.text.startswith("**") or (
            b.kind == "lines" and b.lines[0].startswith("**"))
        lay.block(b, keep_next=heading and nxt is not None and nxt.kind != "lines")
    placed = {n for page in lay.pages for n in page["notes"]}
    lay.page["notes"] += [n for n in notes if n not in placed]   # defined but never cited
    total = len(lay.pages)
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1, encrypt=encrypt)
    c.setTitle(src.stem)
    c.setAuthor("Ofsted")
    c.setCreator("corpus/render.py")
    c.setProducer("corpus/render.py (reportlab)")
    header = running_header_text(head, blocks) if st.running_header else ""
    for n, page in enumerate(lay.pages, 1):
        if n == 1 and head["date"]:
            c.drawImage(logo(), PAGE_W - LEFT - 120, PAGE_H - 110, 120, 80)
        t = c.beginText()
        for x, y, p in page["ops"]:
            t.setTextOrigin(x, y)
            t.setFont(p.font, p.size)
            t.textOut(p.text)
        c.drawText(t)
        draw_notes(c, st, page["notes"], notes)
        if n > 1 and header:
            c.setFont(st.regular, 8)
            c.drawRightString(PAGE_W - LEFT, PAGE_H - 40, header)
        if n > 1 or st.number_first:
            c.setFont(st.regular, st.size if st.footer != "of" else 9)
            label = f"Page {n} of {total}" if st.footer == "of" else str(n)
            if st.footer == "right":
                c.drawRightString(PAGE_W - LEFT, FOOTER_Y, label)
            else:
                c.drawCentredString(PAGE_W / 2, FOOTER_Y, label)
        c.showPage()
    c.save()
    return total


def draw_notes(c: canvas.Canvas, st: Style, labels: list[str], notes: dict[str, str]) -> None:
    """Footnotes at the foot of the page, above the page number, under a short rule."""
    if not labels:
        return
    wrapped = [(lab, wrap(pieces(notes[lab], st, FOOT_SIZE), TEXT_W - 8, st, False)) for lab in labels]
    height = sum(len(ls) * FOOT_PITCH + 2 for _, ls in wrapped)
    y = BODY_BOTTOM - 4 + height
    c.setLineWidth(0.7)
    c.line(LEFT, y + 6, LEFT + 144, y + 6)
    for lab, ls in wrapped:
        y -= FOOT_PITCH
        c.setFont(st.regular, 6.5)
        c.drawString(LEFT, y + 3, lab)
        for i, ln in enumerate(ls):
            t = c.beginText()
            for x, p in ln:
                t.setTextOrigin(LEFT + 8 + x, y - i * FOOT_PITCH)
                t.setFont(p.font, p.size)
                t.textOut(p.text)
            c.drawText(t)
        y -= (len(ls) - 1) * FOOT_PITCH + 2


def main(argv: list[str]) -> int:
    outdir = CORPUS / "pdf"
    if argv[:1] in (["-o"], ["--outdir"]):      # for trying letters outside the corpus
        outdir, argv = Path(argv[1]), argv[2:]
    srcs = [Path(a) for a in argv] or sorted(
        p for p in CORPUS.glob("*/*.txt") if p.parent.name not in ("bad", "pdf"))
    outdir.mkdir(exist_ok=True)
    for src in srcs:
        out = outdir / (src.stem + ".pdf")
        pages = render(src, out)
        st = choose_style(src.stem, src.read_text(encoding="utf-8"))
        traits = [st.regular.removeprefix("Body-"), f"{st.letterhead} letterhead", f"footer {st.footer}",
                  "running header" * st.running_header, "justified" * st.justify,
                  "inserted hyphens" * st.split_long]
        print(f"{out.name}: {pages} pages; {', '.join(t for t in traits if t)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""PDF loader on pypdfium2 (PDFium): the page's text → :mod:`.layout` → :class:`Document`.

The fast backend. Most of a page is read by runs of text (see "reading by runs"
below): tokens, the characters of one text object between spaces, with the
origins of their first and last characters only, cut into words row by row. A
row that cannot be cut so for certain is read glyph by glyph, and so is a page
that needs it. Glyph by glyph, it hands the shared layout analysis the same
glyphs the pdfplumber backend does, measured the way pdfminer measures them, so
that both give the same :class:`Document`; by runs, it gives the words those
glyphs would give:

- ``x0`` is the character's origin and ``x1`` the origin plus its advance width
  (PDFium's own "loose" box is widened to take in ink that overhangs the
  advance, as an italic *f* or a curly quote does, so only its advance is used);
- ``bottom`` is the baseline less the font's descent and ``top`` is one font
  size above it, whatever the glyph's ink;
- ``size`` is that height (the font size times the text matrix), bold comes from
  the font name (:func:`.layout.is_bold_font`, as pdfplumber's font names), and
  text that is not upright (rotated stamps, margin text) is skipped.

PDFium's text page adds characters of its own (``\\r\\n`` at line ends and
spaces where it guesses a gap): those are skipped. It leaves out text objects
with no ink (a space drawn on its own, between two runs of text or on a blank
line): those come back as space glyphs, as they can be all that parts two words.
It also drops a few characters that pdfminer keeps and the layout does not need:
the second of two spaces, the spaces before a hyphen at a line end, and a character
or text object drawn a second time over itself (fake bold). Characters that PDFium
splits into pieces (a ligature, a glyph mapped to several letters) are joined
again into one glyph, as pdfminer gives them.

This is the only module that imports pypdfium2, and only inside
:func:`load_pdf`. Every document, page and text page is closed as soon as it has
been read, so memory stays flat over a batch of letters.
"""

from __future__ import annotations

import ctypes
import re
from itertools import compress, groupby, repeat
from operator import is_, itemgetter
from typing import Any, NamedTuple

from ..document import Document
from ..errors import CorruptPdfError, EncryptedPdfError, NoPagesError
from ..limits import Limits, check_pages
from .layout import (
    Glyph,
    Page,
    Word,
    clean_glyph_text,
    cluster_rows,
    is_bold_font,
    row_words,
    visible,
)
from .pdf import finish, password_error

# PDFium's error codes (FPDF_GetLastError), as in fpdfview.h.
_ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 2, 3, 4, 5
_PAGEOBJ_TEXT, _PAGEOBJ_IMAGE, _PAGEOBJ_FORM = 1, 3, 5
# A page object marked /Type /Page (not /Pages): pages exist even if the page tree is broken.
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")

# pdfminer measures fonts named exactly so with Adobe's metrics for the standard 14 fonts,
# whatever the file says; PDFium with the font it substitutes. Descent in 1/1000 of the size.
_STANDARD_DESCENT = {
    **dict.fromkeys(("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique",
                     "CourierNew", "CourierNew,Italic", "CourierNew,Bold",
                     "CourierNew,BoldItalic"), -194.0),
    **dict.fromkeys(("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique",
                     "Arial", "Arial,Italic", "Arial,Bold", "Arial,BoldItalic"), -207.0),
    **dict.fromkeys(("Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic",
                     "TimesNewRoman", "TimesNewRoman,Italic", "TimesNewRoman,Bold",
                     "TimesNewRoman,BoldItalic"), -217.0),
    "Symbol": 0.0, "ZapfDingbats": 0.0,
}

_api: _Api | None = None
# Read pages by runs of text where that gives what the glyph-by-glyph reading gives (see
# _runs_page); off, every page is read glyph by glyph (the tests compare the two).
_BY_RUNS = True
_X0 = itemgetter(1)


class _Api:
    """PDFium's functions: pypdfium2's bindings, plus lean copies of the per-character ones.

    The per-character calls are made thousands of times a page; copies without
    ctypes argument conversion (handles and ``byref`` are passed as they are,
    indexes are plain ints) cost about half as much as the checked bindings.
    """

    def __init__(self) -> None:
        try:
            import pypdfium2  # noqa: F401 - importing it initialises PDFium
            import pypdfium2.raw as raw
        except ImportError as exc:
            raise ImportError(
                "the pypdfium2 backend needs pypdfium2: install it with "
                "`pip install pypdfium2`, or use backend='pdfplumber'") from exc

        self.raw = raw
        # PDFium renamed FPDFFont_GetFontName to FPDFFont_GetBaseFontName in 2024
        self.font_name = (getattr(raw, "FPDFFont_GetBaseFontName", None)
                          or raw.FPDFFont_GetFontName)

        def lean(name: str, restype: Any) -> Any:
            bound = getattr(raw, name)
            # a new function object at the same address: the binding's own settings are untouched
            fn = type(bound)(ctypes.cast(bound, ctypes.c_void_p).value)
            fn.argtypes = None
            fn.restype = restype
            return fn

        self.text_object = lean("FPDFText_GetTextObject", ctypes.c_void_p)
        self.origin = lean("FPDFText_GetCharOrigin", ctypes.c_int)
        self.is_generated = lean("FPDFText_IsGenerated", ctypes.c_int)
        self.unicode = lean("FPDFText_GetUnicode", ctypes.c_uint)
        self.is_hyphen = lean("FPDFText_IsHyphen", ctypes.c_int)
        self.font_size = lean("FPDFText_GetFontSize", ctypes.c_double)
        self.font = lean("FPDFTextObj_GetFont", ctypes.c_void_p)
        self.loose_box = lean("FPDFText_GetLooseCharBox", ctypes.c_int)
        self.char_box = lean("FPDFText_GetCharBox", ctypes.c_int)
        self.matrix = lean("FPDFText_GetMatrix", ctypes.c_int)
        self.page_object = lean("FPDFPage_GetObject", ctypes.c_void_p)
        self.form_object = lean("FPDFFormObj_GetObject", ctypes.c_void_p)
        self.form_count = lean("FPDFFormObj_CountObjects", ctypes.c_int)
        self.object_type = lean("FPDFPageObj_GetType", ctypes.c_int)
        self.object_bounds = lean("FPDFPageObj_GetBounds", ctypes.c_int)
        self.object_matrix = lean("FPDFPageObj_GetMatrix", ctypes.c_int)
        self.object_font_size = lean("FPDFTextObj_GetFontSize", ctypes.c_int)


def _pdfium() -> _Api:
    global _api
    if _api is None:
        _api = _Api()
    return _api


def load_pdf(data: bytes, *, path: str | None, sha256: str, password: str | None,
             limits: Limits) -> Document:
    api = _pdfium()
    raw = api.raw
    data = bytes(data)
    secret = password.encode("utf-8") if password else None
    doc = raw.FPDF_LoadMemDocument64(data, len(data), secret)
    if not doc:
        raise _open_error(raw.FPDF_GetLastError(), data, path, password)
    pages: list[Page] = []
    try:
        count = raw.FPDF_GetPageCount(doc)
        if count <= 0:
            if _PAGE_OBJECT.search(data):
                raise CorruptPdfError(
                    "the PDF's page tree is damaged: it lists no pages, yet the file holds page "
                    "objects", path=path)
            raise NoPagesError("the PDF has no pages", path=path)
        check_pages(count, limits, path=path)
        for index in range(count):
            pages.append(_read_page(api, doc, index, path))
    finally:
        raw.FPDF_CloseDocument(doc)
    return finish(pages, path=path, sha256=sha256)


def _open_error(code: int, data: bytes, path: str | None, password: str | None) -> Exception:
    if code == _ERR_PASSWORD:
        return password_error(path, password)
    if code == _ERR_SECURITY:
        return EncryptedPdfError("the PDF uses an encryption we cannot open (an unsupported "
                                 "security handler)", path=path)
    if code == _ERR_FILE:
        return CorruptPdfError("the PDF cannot be read: PDFium could not load it", path=path)
    if b"%%EOF" not in data[-2048:]:
        return CorruptPdfError("the PDF is damaged or truncated and cannot be read (it does not "
                               "end with %%EOF)", path=path)
    return CorruptPdfError("the PDF cannot be read: it is damaged (PDFium: data format error)",
                           path=path)


def _read_page(api: _Api, doc: Any, index: int, path: str | None) -> Page:
    raw = api.raw
    number = index + 1
    page = raw.FPDF_LoadPage(doc, index)
    if not page:
        raise CorruptPdfError(f"page {number} cannot be read: the PDF is damaged", path=path)
    try:
        width, height, to_page = _geometry(raw, page)
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise CorruptPdfError(f"page {number} cannot be read: its text cannot be extracted "
                                  "(the PDF is damaged)", path=path)
        try:
            by_runs = _runs_page(api, page, textpage, to_page, height) if _BY_RUNS else None
            if by_runs is not None:
                items, worded, has_images = by_runs
                return Page(number, width, height, items, has_images, worded)
            glyphs, chars, seen, ends, fonts = _glyphs(api, textpage, to_page)
        finally:
            raw.FPDFText_ClosePage(textpage)
        blanks, has_images = _blank_objects(api, page, seen, fonts, to_page)
        if blanks:
            glyphs = _insert_blanks(glyphs, blanks, ends)
        has_images = has_images if not (chars or blanks) else False
    finally:
        raw.FPDF_ClosePage(page)
    return Page(number, width, height, glyphs, has_images)


# pdfminer's page matrix (PDF user space → its device space) for each /Rotate, from the media box.
def _geometry(raw: Any, page: Any) -> tuple[float, float, tuple[float, ...]]:
    """The page's width and height as pdfplumber gives them, and the affine map from PDF user
    space to pdfplumber's top-left coordinates, with the linear part of pdfminer's page matrix.

    Returned map: ``(xa, xb, xc, topa, topb, topc, ca, cb, cc, cd)`` where
    ``x = xa*X + xb*Y + xc``, ``top = topa*X + topb*Y + topc`` and ``(ca, cb, cc, cd)`` is
    the rotation pdfminer applies (it decides which characters are upright).
    """
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        x0, x1 = sorted((left.value, right.value))
        y0, y1 = sorted((bottom.value, top.value))
    else:
        rect = raw.FS_RECTF()
        if raw.FPDF_GetPageBoundingBox(page, rect):
            x0, x1 = sorted((rect.left, rect.right))
            y0, y1 = sorted((rect.bottom, rect.top))
        else:
            x0, y0 = 0.0, 0.0
            x1, y1 = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    rotation = (raw.FPDFPage_GetRotation(page) % 4) * 90
    # pdfminer: device (u, v) = ctm(X, Y); pdfplumber: x = u + box_x0, top = height - v + box_top,
    # with the box normalised for the rotation (pdfplumber.page._normalize_box / _invert_box).
    ctm: tuple[float, ...]
    box: tuple[float, ...]
    if rotation == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        box = (y0, x0, y1, x1)
    elif rotation == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        box = (x0, y0, x1, y1)
    elif rotation == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        box = (y0, x0, y1, x1)
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        box = (x0, y0, x1, y1)
    box = tuple(map(_as_written, box))
    width, height = box[2] - box[0], box[3] - box[1]
    box_top = height - box[3]
    a, b, c, d, e, f = ctm
    # u = a*X + c*Y + e ; v = b*X + d*Y + f
    to_page = (a, c, e + box[0],
               -b, -d, height - f + box_top,
               a, b, c, d)
    return float(width), float(height), to_page


def _as_written(value: float) -> float:
    """The shortest decimal that PDFium's 32-bit float reads as: the number in the file
    (595.2756, not 595.2755737...), as pdfminer reads it."""
    import struct

    single = struct.pack("<f", value)
    for digits in range(1, 10):
        shortest = float(f"{value:.{digits}g}")
        if struct.pack("<f", shortest) == single:
            return shortest
    return float(value)


def _glyphs(api: _Api, textpage: Any, to_page: tuple[float, ...]
            ) -> tuple[list[Glyph], int, dict[int, _Object | None], dict[int, int],
                       dict[int, _Font]]:
    """The page's characters as glyphs (upright ones only); how many characters it has; the
    text objects they come from, where each object's glyphs end in the list, and the fonts."""
    raw = api.raw
    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return [], 0, {}, {}, {}
    text = _page_text(raw, textpage, n)

    text_object, get_origin, is_generated = api.text_object, api.origin, api.is_generated
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
    xa, xc, tb, tc = to_page[0], to_page[2], to_page[4], to_page[5]
    new = tuple.__new__

    objects: dict[int, _Object | None] = {}    # text object → its layout (None: not upright)
    ends: dict[int, int] = {}                  # text object → end of its glyphs in the list
    fonts: dict[int, _Font] = {}
    glyphs: list[Glyph] = []
    append = glyphs.append
    chars = 0
    last_obj: int | None = None
    o: _Object | None = None
    prev_i = -2                 # index of the character the last glyph was made from
    last_x = last_y = 0.0
    for i in range(n):
        obj = text_object(textpage, i)
        if not obj:
            continue            # generated by PDFium: "\r\n" at a line end, or a space
        if text is None:
            ch = _char(api, textpage, i)
            if not ch:
                continue
        else:
            ch = text[i]
            if ch < " " or ch == "\ufffe":
                ch = _char(api, textpage, i)
                if not ch:
                    continue
        if ch == " " and is_generated(textpage, i):
            continue            # a space PDFium put where it saw a gap
        chars += 1
        if obj != last_obj:
            if last_obj is not None:
                ends[last_obj] = len(glyphs)
            last_obj = obj
            o = objects.get(obj, _UNSEEN)
            if o is _UNSEEN:
                o = objects[obj] = _object_layout(api, textpage, i, obj, fonts, to_page)
        if o is None:
            continue            # not upright: pdfplumber's backend skips it too
        get_origin(textpage, i, p_ox, p_oy)
        x = ox.value
        y = oy.value
        if i == prev_i + 1 and x == last_x and y == last_y and glyphs:
            _join_piece(api, textpage, i, glyphs, ch, o, to_page)
            prev_i = i
            continue
        prev_i, last_x, last_y = i, x, y
        w = o.widths.get(ch)
        if w is None:
            w = o.widths[ch] = _advance(api, textpage, i, o.font, ch, x, o)
        if o.fast:
            px = xa * x + xc
            pt = tb * y + tc
            append(new(Glyph, (ch, px, px + w * o.kx, pt + o.top, pt + o.bottom, o.height,
                               o.bold)))
        else:
            append(_general_glyph(ch, x, y, w * o.size, o, to_page))
    if last_obj is not None:
        ends[last_obj] = len(glyphs)
    return glyphs, chars, objects, ends, fonts


class _Font:
    """What the characters of one font share on a page: bold, descent, advance widths found so
    far, and the layouts of its text objects."""

    __slots__ = ("bold", "descent", "layouts", "widths")

    def __init__(self, bold: bool, descent: float) -> None:
        self.bold = bold
        self.descent = descent
        self.widths: dict[str, float] = {}
        # (text matrix a b c d, size) → the layout of text objects drawn so (None: not upright)
        self.layouts: dict[tuple[float, ...], _Object | None] = {}


class _Object:
    """What the characters of one text object share, ready for the glyph arithmetic.

    ``m11 m12 m21 m22`` map text space to pdfplumber's (x, top); ``fast`` objects (upright,
    unskewed, on an unrotated page) need only ``kx`` (the x of one unit of advance), ``top``
    and ``bottom`` (offsets from the baseline) and ``height``.
    """

    __slots__ = ("bold", "bottom", "fast", "font", "height", "kx", "m11", "m12", "m21", "m22",
                 "size", "top", "user_a", "widths", "y_high", "y_low")

    def __init__(self, font: int, info: _Font, size: float, m11: float, m12: float, m21: float,
                 m22: float, user_a: float, page_fast: bool) -> None:
        self.font, self.size, self.bold, self.widths = font, size, info.bold, info.widths
        self.m11, self.m12, self.m21, self.m22 = m11, m12, m21, m22
        self.user_a = user_a
        self.y_low = info.descent * size
        self.y_high = self.y_low + size
        self.kx = m11 * size
        self.top = self.y_high * m22
        self.bottom = self.y_low * m22
        self.height = self.bottom - self.top
        self.fast = page_fast and m12 == 0.0 and m21 == 0.0 and self.kx > 0 and self.height > 0


_UNSEEN = _Object(0, _Font(False, 0.0), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False)


def _general_glyph(ch: str, x: float, y: float, adv: float, o: _Object,
                   to_page: tuple[float, ...]) -> Glyph:
    """A glyph of rotated or skewed text, or on a rotated page: the box of its four corners."""
    xa, xb, xc, ta, tb, tc = to_page[:6]
    px = xa * x + xb * y + xc
    pt = ta * x + tb * y + tc
    xs = [px + adv * u * o.m11 + v * o.m21 for u in (0, 1) for v in (o.y_low, o.y_high)]
    ts = [pt + adv * u * o.m12 + v * o.m22 for u in (0, 1) for v in (o.y_low, o.y_high)]
    top, bottom = min(ts), max(ts)
    return Glyph(ch, min(xs), max(xs), top, bottom, bottom - top, o.bold)


def _join_piece(api: _Api, textpage: Any, i: int, glyphs: list[Glyph], ch: str, o: _Object,
                to_page: tuple[float, ...]) -> None:
    """Add a piece of one character PDFium split (a ligature, or a glyph mapped to several
    letters) to the glyph before it: pdfminer gives it as one character, of the glyph's width."""
    g = glyphs[-1]
    x1 = g.x1
    box = api.raw.FS_RECTF()
    if o.fast and api.loose_box(textpage, i, ctypes.byref(box)):
        # the glyph's advance (not its first letter's), from PDFium's loose box: the advance
        # box, unless ink overhangs it
        xa, xc = to_page[0], to_page[2]
        x1 = max(xa * box.left + xc, xa * box.right + xc)
    glyphs[-1] = g._replace(text=g.text + ch, x1=x1)


def _page_text(raw: Any, textpage: Any, n: int) -> str | None:
    """The page's characters in one call, or None when they do not line up one to one with the
    character indexes (PDFium leaves some control characters out of its text)."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(textpage, 0, n, buf)
    if got <= 0:
        return None
    text = ctypes.string_at(buf, 2 * (got - 1)).decode("utf-16-le", "replace")
    return text if len(text) == n else None


def _char(api: _Api, textpage: Any, i: int) -> str:
    """One character's text, asked for by index ("" for one that carries none)."""
    code = api.unicode(textpage, i)
    if code == 2 and api.is_hyphen(textpage, i):
        return "-"              # PDFium marks a hyphen at a line end as U+0002
    if code == 0 or code == 0xFFFE or code > 0x10FFFF:
        return ""
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def _object_layout(api: _Api, textpage: Any, i: int, obj: int, fonts: dict[int, _Font],
                   to_page: tuple[float, ...]) -> _Object | None:
    """What the characters of one text object share: font, size, matrix, descent, bold.

    ``None`` when the object's text is not upright, by pdfminer's test on its matrix.
    """
    m = api.raw.FS_MATRIX()
    if not api.matrix(textpage, i, ctypes.byref(m)):
        m.a, m.b, m.c, m.d = 1.0, 0.0, 0.0, 1.0
    font = api.font(ctypes.c_void_p(obj)) or 0
    return _layout(api, (m.a, m.b, m.c, m.d), api.font_size(textpage, i), font, fonts, to_page)


def _layout(api: _Api, matrix: tuple[float, ...], size: float, font: int,
            fonts: dict[int, _Font], to_page: tuple[float, ...]) -> _Object | None:
    """The layout shared by text objects of this matrix, size and font (``None``: not upright)."""
    info = fonts.get(font) or _font_info(api, font, fonts)
    key = (*matrix, size)
    o = info.layouts.get(key, _UNSEEN)
    if o is not _UNSEEN:
        return o
    a, b, c, d = matrix
    xa, xb, _, ta, tb, _, ca, cb, cc, cd = to_page
    # pdfminer's character matrix is the text matrix times the page matrix (y up).
    da, db = a * ca + b * cc, a * cb + b * cd
    dc, dd = c * ca + d * cc, c * cb + d * cd
    if not (da * dd > 0 and db * dc <= 0):
        o = None
    else:
        # text space → pdfplumber's (x, top): the text matrix, then the user space → page map
        m11, m12 = a * xa + b * xb, a * ta + b * tb
        m21, m22 = c * xa + d * xb, c * ta + d * tb
        # the advance runs along user-space x only for unskewed, unrotated text
        user_a = a if b == 0.0 and c == 0.0 else 0.0
        o = _Object(font, info, size, m11, m12, m21, m22, user_a, xb == 0.0 and ta == 0.0)
    info.layouts[key] = o
    return o


def _font_info(api: _Api, font: int, fonts: dict[int, _Font]) -> _Font:
    raw = api.raw
    name = ""
    descent = 0.0
    if font:
        handle = ctypes.cast(font, raw.FPDF_FONT)
        length = api.font_name(handle, None, 0)
        if length > 0:
            buf = ctypes.create_string_buffer(length)
            api.font_name(handle, buf, length)
            name = buf.value.decode("utf-8", "replace")
        value = ctypes.c_float()
        # (PDFium drops some subset tags from names: only a font it does not embed is one of
        # the standard 14 for certain)
        if name in _STANDARD_DESCENT and not raw.FPDFFont_GetIsEmbedded(handle):
            descent = _STANDARD_DESCENT[name] / 1000
        elif raw.FPDFFont_GetDescent(handle, 1.0, value):
            descent = -abs(value.value)     # pdfminer forces the descent negative
    fonts[font] = _Font(is_bold_font(name), descent)
    return fonts[font]


def _advance(api: _Api, textpage: Any, i: int, font: int, ch: str, x: float,
             o: _Object) -> float:
    """The advance width of ``ch`` in ``font`` per unit of font size, as the font's widths give it.

    PDFium looks the width up by Unicode, which can miss (a character mapped from
    another code); it is checked once per font and character against PDFium's
    loose box, whose edge is the advance unless ink overhangs it.
    """
    raw = api.raw
    size, user_a = o.size, o.user_a
    value = ctypes.c_float()
    width: float = value.value if (font and len(ch) == 1 and raw.FPDFFont_GetGlyphWidth(
        ctypes.cast(font, raw.FPDF_FONT), ord(ch), 1.0, value)) else -1.0
    scale = user_a * size       # user-space length of one unit of advance (0: skewed or rotated)
    box = raw.FS_RECTF()
    if scale == 0.0 or not api.loose_box(textpage, i, ctypes.byref(box)):
        return max(float(width), 0.0)
    loose = (box.right - x) / scale if scale > 0 else (box.left - x) / scale
    if width >= 0 and abs(width - loose) * abs(scale) <= 0.01:
        return width
    if 0 <= width < loose:
        # Shorter than the loose box: right if ink overhangs the advance (the tight box reaches
        # as far as the loose one), wrong otherwise.
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        if api.char_box(textpage, i, ctypes.byref(left), ctypes.byref(right),
                        ctypes.byref(bottom), ctypes.byref(top)):
            ink, edge = (right.value, box.right) if scale > 0 else (left.value, box.left)
            if abs(ink - edge) <= 0.001:
                return width
    return max(float(loose), 0.0)


def _blank_objects(api: _Api, page: Any, seen: dict[int, _Object | None],
                   fonts: dict[int, _Font], to_page: tuple[float, ...]
                   ) -> tuple[list[tuple[int | None, Glyph]], bool]:
    """Spaces drawn on their own, which PDFium's text page leaves out, and whether the page
    draws an image (directly or inside a form XObject).

    PDFium drops a text object whose ink is zero wide: a space on a blank line, or a space
    between two runs of text ("10." and "However"), which is the only thing that parts those
    words. pdfminer keeps them, so each becomes a space glyph here, placed after the glyphs of
    the text object drawn before it. Returns ``(object drawn before it, glyph)`` pairs.
    """
    raw = api.raw
    blanks: list[tuple[int | None, Glyph]] = []
    has_images = False
    before: int | None = None
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes = [ctypes.byref(v) for v in (left, bottom, right, top)]
    m = raw.FS_MATRIX()
    size = ctypes.c_float()
    identity: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    # (holder, index, count, matrix of the holder's space → page) for the page and open forms
    stack: list[tuple[Any, int, int, tuple[float, ...]]] = [
        (None, 0, raw.FPDFPage_CountObjects(page), identity)]
    visited = 0
    while stack and visited < 200_000:
        holder, k, count, outer = stack[-1]
        if k >= count:
            stack.pop()
            continue
        stack[-1] = (holder, k + 1, count, outer)
        visited += 1
        obj = (api.page_object(page, k) if holder is None
               else api.form_object(holder, ctypes.c_ulong(k)))
        if not obj:
            continue
        if obj in seen:         # a text object the text page read: most of them
            if seen[obj] is not None:
                before = obj
            continue
        handle = ctypes.c_void_p(obj)
        kind = api.object_type(handle)
        if kind == _PAGEOBJ_IMAGE:
            has_images = True
        elif kind == _PAGEOBJ_FORM:
            inner = outer
            if api.object_matrix(handle, ctypes.byref(m)):
                inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            stack.append((handle, 0, api.form_count(handle), inner))
        elif kind == _PAGEOBJ_TEXT:
            if not api.object_bounds(handle, *boxes) or abs(right.value - left.value) >= 0.01:
                continue        # left out for another reason (a duplicate of the object before)
            if not (api.object_matrix(handle, ctypes.byref(m))
                    and api.object_font_size(handle, ctypes.byref(size))):
                continue
            text_matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            glyph = _blank_glyph(api, text_matrix, size.value, api.font(handle) or 0, fonts,
                                 to_page)
            if glyph is not None:
                blanks.append((before, glyph))
    return blanks, has_images


def _compose(first: tuple[float, ...], then: tuple[float, ...]) -> tuple[float, ...]:
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _blank_glyph(api: _Api, matrix: tuple[float, ...], size: float, font: int,
                 fonts: dict[int, _Font], to_page: tuple[float, ...]) -> Glyph | None:
    """A space glyph where a text object of blank characters starts."""
    o = _layout(api, matrix[:4], size, font, fonts, to_page)
    if o is None:
        return None
    w = o.widths.get(" ")
    if w is None:
        value = ctypes.c_float()
        w = value.value if font and api.raw.FPDFFont_GetGlyphWidth(
            ctypes.cast(font, api.raw.FPDF_FONT), 32, 1.0, value) else 0.25
    x, y = matrix[4], matrix[5]
    if o.fast:
        xa, xc, tb, tc = to_page[0], to_page[2], to_page[4], to_page[5]
        px, pt = xa * x + xc, tb * y + tc
        return Glyph(" ", px, px + w * o.kx, pt + o.top, pt + o.bottom, o.height, o.bold)
    return _general_glyph(" ", x, y, w * o.size, o, to_page)


def _insert_blanks(glyphs: list[Glyph], blanks: list[tuple[int | None, Glyph]],
                   ends: dict[int, int]) -> list[Glyph]:
    """The glyphs with each blank placed after those of the text object drawn before it."""
    at: dict[int, list[Glyph]] = {}
    for before, glyph in blanks:
        at.setdefault(ends.get(before, 0) if before is not None else 0, []).append(glyph)
    out: list[Glyph] = []
    start = 0
    for pos in sorted(at):
        out.extend(glyphs[start:pos])
        out.extend(at[pos])
        start = pos
    out.extend(glyphs[start:])
    return out


# -- reading by runs -------------------------------------------------------------------------
#
# The glyph-by-glyph reading above costs two ctypes calls and a pass of Python per character.
# Most of a letter is plain runs of text: one font and size on one baseline, words parted by
# spaces. Those are read a run at a time: the text object of every character (one call each,
# made from C by ``map``), then for each token (a run's characters between spaces) the origins
# of its first and last characters only; its glyphs' boxes follow from the font's advance
# widths. Rows made of such tokens are cut into words here, as :func:`.layout.row_words` would
# cut their glyphs; any row it could not cut the same way for certain (sizes or baselines that
# differ, overlapping text, a token whose characters are not spaced by their advances) is
# expanded into its glyphs, read as the glyph-by-glyph reader reads them, and cut by
# :func:`.layout.row_words` itself. A page where that is not enough (characters PDFium split,
# control characters, rotated or skewed text, overlapping copies of text) is read glyph by
# glyph from the start.

_INK = re.compile(r"\S+")
_CONTROL = re.compile("[\x00-\x1f\ufffe]")
# How far (points) a token's last character may lie short of where the advances of the ones
# before put it: more is a character drawn over another, or split by PDFium in pieces. Past
# it, by up to half the gap that parts words: spacing or kerning, no gap inside to cut at
# (a gap wide enough to part words is one where PDFium puts a space of its own).
_DRIFT = 0.3
_OFF_LINE = 1e9     # a token whose characters are not all on one baseline
_TOKEN, _SPACES, _BLANK = 0, 1, 2


class _Fallback(Exception):
    """The page needs the glyph-by-glyph reader."""


class _Run(NamedTuple):
    """Where an item of a page read by runs lies in the text page, and its layout."""

    kind: int           # _TOKEN, _SPACES (a run of real spaces only) or _BLANK (a blank object)
    lead: int           # first character index it stands for (the spaces before it included)
    first: int          # first index of its ink
    last: int           # last index of its ink
    trail: int          # last character index it stands for (the spaces after it included)
    o: _Object | None
    drift: float        # how far its last character lies past where its advances put it
    space_before: float | None   # x of a real space before it in its run (it cuts the word)
    space_after: float | None    # x of a real space after it, the last token of its run


def _runs_page(api: _Api, page: Any, textpage: Any, to_page: tuple[float, ...],
               height: float) -> tuple[list[Glyph], list[tuple[list[Word], int]], bool] | None:
    """The page read by runs: one glyph per token (or run of spaces), each row's words, and
    whether it draws an image; ``None`` where the glyph-by-glyph reader must read it."""
    n = api.raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return None
    text = _page_text(api.raw, textpage, n)
    if text is None:
        return None
    objs: list[int | None] = list(map(api.text_object, repeat(textpage, n), range(n)))
    spaces = [i for i in _positions(_SPACE, text) if objs[i] is not None]
    generated = set(compress(spaces, map(api.is_generated, repeat(textpage), spaces)))
    odd = [i for i in _positions(_CONTROL, text) if objs[i] is not None]
    odd += [i for i in compress(range(n), map(is_, objs, repeat(None))) if not text[i].isspace()]
    if odd:
        chars = list(text)
        for i in odd:
            # asked for alone: a hyphen at a line end; none: a character that carries no text
            ch = _char(api, textpage, i) if objs[i] is not None else ""
            if ch:
                chars[i] = ch
            else:
                chars[i] = " "
                generated.add(i)    # no glyph, as a space PDFium put in
        text = "".join(chars)
    try:
        return _read_runs(api, page, textpage, to_page, height, text, objs, generated)
    except _Fallback:
        return None


_SPACE = re.compile(" ")


def _positions(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def _read_runs(api: _Api, page: Any, textpage: Any, to_page: tuple[float, ...], height: float,
               text: str, objs: list[int | None], generated: set[int]
               ) -> tuple[list[Glyph], list[tuple[list[Word], int]], bool]:
    # the runs: characters of one text object in a row
    runs: list[tuple[int, int, int]] = []
    pos = 0
    for obj, group in groupby(objs):
        start = pos
        pos += len(list(group))
        if obj is not None:
            runs.append((obj, start, pos))
    if not runs:
        raise _Fallback
    objects, fonts = _layouts(api, textpage, runs, generated, to_page)
    chars = any(text[s:e].strip(" ") for _, s, e in runs) or any(
        i not in generated for _, s, e in runs for i in range(s, e))

    # pass 1: the tokens of each run, the real spaces around them, the widths to look up
    tokens = [(m.start(), m.end()) for m in _INK.finditer(text)]
    count = len(tokens)
    t = 0
    leads: list[int] = []
    firsts: list[int] = []
    lasts: list[int] = []
    trails: list[int] = []
    layouts: list[_Object] = []
    befores: list[int] = []
    afters: list[int] = []
    kinds: list[int] = []
    ends: dict[int, int] = {}
    widths_at: dict[tuple[int, str], tuple[int, _Object]] = {}
    claimed: dict[int, set[str]] = {}       # font → characters whose widths are known or asked
    for obj, s, e in runs:
        o = objects[obj]
        if o is None:
            while t < count and tokens[t][1] <= e:
                t += 1
            if t < count and tokens[t][0] < e:
                tokens[t] = (e, tokens[t][1])
            ends[obj] = len(kinds)
            continue
        if not o.fast:
            raise _Fallback
        known = claimed.get(o.font)
        if known is None:
            known = claimed[o.font] = set(o.widths)
        fresh = set(text[s:e]).difference(known)
        if fresh:
            known |= fresh
            for ch in fresh:
                if not ch.isspace():
                    widths_at[o.font, ch] = (text.index(ch, s), o)
        done = s
        had = False
        while t < count:
            a, z = tokens[t]
            if a >= e:
                break
            if z > e:
                tokens[t] = (e, z)      # a token running into the next run: split there
                z = e
            else:
                t += 1
            kinds.append(_TOKEN)
            leads.append(done)
            firsts.append(a)
            lasts.append(z - 1)
            trails.append(z - 1)
            layouts.append(o)
            befores.append(-1 if a == done else done if done not in generated
                           else _real_space(text, done, a, generated))
            afters.append(-1)
            done = z
            had = True
        if e > done:
            real = _real_space(text, done, e, generated)
            if had:
                trails[-1] = e - 1
                afters[-1] = real
            elif real >= 0:
                kinds.append(_SPACES)
                leads.append(s)
                firsts.append(real)
                lasts.append(real)
                trails.append(e - 1)
                layouts.append(o)
                befores.append(-1)
                afters.append(-1)
        ends[obj] = len(kinds)

    # the origins wanted, in one pass from C
    spaced = [i for i in befores + afters if i >= 0]
    xs, ys = _origins(api, textpage, firsts + lasts + spaced + [i for i, _ in widths_at.values()])
    m = len(firsts)
    base = 2 * m + len(spaced)
    for k, ((font, ch), (i, o)) in enumerate(widths_at.items()):
        if ch not in o.widths:
            o.widths[ch] = _advance(api, textpage, i, font, ch, xs[base + k], o)

    # pass 2: the items
    xa, xc, tb, tc = to_page[0], to_page[2], to_page[4], to_page[5]
    space_x = dict(zip(spaced, xs[2 * m:base], strict=True))
    items: list[Glyph] = []
    info: dict[int, _Run] = {}
    new = tuple.__new__
    for k in range(m):
        o = layouts[k]
        x, y = xs[k], ys[k]
        px = xa * x + xc
        pt = tb * y + tc
        a, b = firsts[k], lasts[k]
        before, after = befores[k], afters[k]
        if kinds[k] == _TOKEN:
            token = text[a:b + 1]
            widths = o.widths
            last = xa * xs[m + k] + xc
            drift = (last - px - sum(map(widths.__getitem__, token[:-1])) * o.kx
                     if ys[m + k] == y else _OFF_LINE)
            g = new(Glyph, (token, px, last + widths[token[-1]] * o.kx, pt + o.top,
                            pt + o.bottom, o.height, o.bold))
        else:
            drift = 0.0
            g = new(Glyph, (" ", px, px, pt + o.top, pt + o.bottom, o.height, o.bold))
        items.append(g)
        info[id(g)] = new(_Run, (kinds[k], leads[k], a, b, trails[k], o, drift,
                                 xa * space_x[before] + xc if before >= 0 else None,
                                 xa * space_x[after] + xc if after >= 0 else None))
    blanks, has_images = _blank_objects(api, page, objects, fonts, to_page)
    if blanks:
        items = _insert_blanks(items, blanks, ends)
        for _, g in blanks:
            info[id(g)] = _Run(_BLANK, -1, -1, -1, -1, None, 0.0, None, None)
    has_images = has_images if not (chars or blanks) else False
    worded: list[tuple[list[Word], int]] = []
    for row in cluster_rows(visible(items, height)):
        words = _row_words(row, info)
        if words is None:
            got = row_words(_expand(api, textpage, row, info, text, generated, to_page))
            if got[1] >= 2:
                raise _Fallback     # overlapping text: laid out by drawing order, glyph by glyph
            worded.append(got)
        else:
            worded.append((words, 0))
    return items, worded, has_images


def _real_space(text: str, a: int, b: int, generated: set[int]) -> int:
    """The first of characters ``a`` to ``b`` (excluded), all white space, that PDFium did not
    put in itself; -1 if none."""
    for i in range(a, b):
        if i not in generated:
            return i
    return -1


def _layouts(api: _Api, textpage: Any, runs: list[tuple[int, int, int]], generated: set[int],
             to_page: tuple[float, ...]) -> tuple[dict[int, _Object | None], dict[int, _Font]]:
    """The layout of each text object of the runs (see :func:`_object_layout`), asked for
    from C for all of them at once."""
    seen: dict[int, int] = {}
    for obj, s, e in runs:
        if obj not in seen:
            seen[obj] = next((i for i in range(s, e) if i not in generated), s)
    objs, at = list(seen), list(seen.values())
    k = len(at)
    matrices = (api.raw.FS_MATRIX * k)()
    size = ctypes.sizeof(api.raw.FS_MATRIX)
    got = list(map(api.matrix, repeat(textpage), at,
                   [ctypes.byref(matrices, size * j) for j in range(k)]))
    sizes = list(map(api.font_size, repeat(textpage), at))
    handles = list(map(api.font, map(ctypes.c_void_p, objs)))
    fonts: dict[int, _Font] = {}
    objects: dict[int, _Object | None] = {}
    for obj, m, ok, font_size, font in zip(objs, matrices, got, sizes, handles, strict=True):
        matrix = (m.a, m.b, m.c, m.d) if ok else (1.0, 0.0, 0.0, 1.0)
        objects[obj] = _layout(api, matrix, font_size, font or 0, fonts, to_page)
    return objects, fonts


def _origins(api: _Api, textpage: Any, indexes: list[int]) -> tuple[list[float], list[float]]:
    """The origins of these characters, asked for from C (``map``), not a Python loop."""
    m = len(indexes)
    if not m:
        return [], []
    xs, ys = (ctypes.c_double * m)(), (ctypes.c_double * m)()
    byref = ctypes.byref
    # the k-th answer goes to the k-th double of each array (byref with an offset costs less
    # than converting plain addresses through argtypes)
    list(map(api.origin, repeat(textpage, m), indexes, [byref(xs, 8 * k) for k in range(m)],
             [byref(ys, 8 * k) for k in range(m)]))
    return xs[:], ys[:]


def _row_words(row: list[Glyph], info: dict[int, _Run]) -> list[Word] | None:
    """The words of a row of tokens, as :func:`.layout.row_words` gives them for their glyphs;
    ``None`` when the row must be read glyph by glyph to be sure of that."""
    ink = [g for g in row if g.text != " "]
    if not ink:
        return []
    first = ink[0]
    size = first.size
    threshold = 0.15 * size if size > 6.67 else 1.0
    for g in ink:
        if g.size != size or not -_DRIFT <= info[id(g)].drift <= 0.5 * threshold:
            return None
    row = sorted(row, key=_X0)
    # one baseline: words span the row's height, as layout.row_words gives them; several (a
    # font of another descent): each word its own
    even = all(g.top == first.top for g in row)
    top, bottom = first.top, max(g.bottom for g in row)
    words: list[Word] = []
    parts: list[str] = []
    x0 = x1 = 0.0
    bold = count = 0
    word_top, word_bottom = top, bottom
    last_x1 = -1e9
    prev_x0 = -1e9
    pending = False
    space_after: float | None = None    # a space the token before ends with
    for g in row:
        # a space cuts where it lies after the text so far (not over it), as a space glyph
        if space_after is not None:
            if g.x0 < space_after:
                return None     # the space lies past this item: not where its run put it
            pending = True
            space_after = None
        if g.text == " ":
            if g.x0 < last_x1 - 0.5:
                return None     # a space drawn over the text before it
            pending = True
            prev_x0 = g.x0
            continue
        r = info[id(g)]
        if r.space_before is not None:
            if r.space_before < last_x1 - 0.5 or r.space_before < prev_x0:
                return None
            pending = True
        if parts:
            gap = g.x0 - last_x1
            if gap < -0.5:
                return None     # overlapping text
            if pending or gap > threshold:
                _flush(words, parts, x0, x1, word_top, word_bottom, size, bold, count)
                parts = []
        if not parts:
            x0, x1, bold, count = g.x0, g.x1, 0, 0
            if not even:
                word_top, word_bottom = g.top, g.bottom
        elif not even:
            word_top, word_bottom = min(word_top, g.top), max(word_bottom, g.bottom)
        parts.append(g.text)
        n = len(g.text)
        count += n
        if g.bold:
            bold += n
        if g.x1 > x1:
            x1 = g.x1
        if x1 > last_x1:
            last_x1 = x1
        prev_x0 = g.x0
        pending = False
        if r.space_after is not None:
            if r.space_after < last_x1 - 0.5:
                return None
            space_after = r.space_after
    if parts:
        _flush(words, parts, x0, x1, word_top, word_bottom, size, bold, count)
    return words


def _flush(words: list[Word], parts: list[str], x0: float, x1: float, top: float,
           bottom: float, size: float, bold: int, count: int) -> None:
    text = clean_glyph_text("".join(parts)).strip()
    if text:
        words.append(Word(text, x0, x1, top, bottom, size, bold * 2 > count, False, False))


def _expand(api: _Api, textpage: Any, row: list[Glyph], info: dict[int, _Run], text: str,
            generated: set[int], to_page: tuple[float, ...]) -> list[Glyph]:
    """The glyphs of a row of tokens, as the glyph-by-glyph reader gives them."""
    spans = [info[id(g)] for g in row]
    indexes = [i for r in spans if r.kind != _BLANK for i in range(r.lead, r.trail + 1)
               if i not in generated]
    xs, ys = _origins(api, textpage, indexes)
    at = 0
    xa, xc, tb, tc = to_page[0], to_page[2], to_page[4], to_page[5]
    out: list[Glyph] = []
    for g, r in zip(row, spans, strict=True):
        o = r.o
        if o is None:
            out.append(g)       # a blank object's space, read as the glyph reader reads it
            continue
        prev_i = -2
        last_x = last_y = 0.0
        for i in range(r.lead, r.trail + 1):
            if i in generated:
                continue
            ch = text[i]
            x, y = xs[at], ys[at]
            at += 1
            if i == prev_i + 1 and x == last_x and y == last_y:
                raise _Fallback     # a character PDFium split in pieces
            prev_i, last_x, last_y = i, x, y
            w = o.widths.get(ch)
            if w is None:
                w = o.widths[ch] = _advance(api, textpage, i, o.font, ch, x, o)
            px = xa * x + xc
            pt = tb * y + tc
            out.append(Glyph(ch, px, px + w * o.kx, pt + o.top, pt + o.bottom, o.height, o.bold))
    return out

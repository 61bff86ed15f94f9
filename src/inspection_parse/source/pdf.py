"""PDF loader on pdfplumber: the page's characters → :mod:`.layout` → :class:`Document`.

This is the only module that imports pdfplumber/pdfminer. Their failures are
wrapped here, at the boundary, in our typed errors. Each page is closed as soon
as its glyphs are read, so memory stays flat over a batch of letters.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import Any

from ..document import Document
from ..errors import (
    CorruptPdfError,
    EncryptedPdfError,
    NoPagesError,
    NoTextLayerError,
)
from ..limits import Limits, check_pages
from .layout import Glyph, Page, build_document, is_bold_font


def load_pdf(data: bytes, *, path: str | None, sha256: str, password: str | None,
             limits: Limits) -> Document:
    import pdfplumber

    _quiet_pdfminer()
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except MemoryError:
        raise   # as api._guard: not "damaged", whatever pdfminer was doing
    except Exception as exc:
        raise _wrap(exc, path, password) from None
    pages: list[Page] = []
    try:
        try:
            count = len(pdf.pages)
        except MemoryError:
            raise
        except Exception as exc:
            raise _wrap(exc, path, password) from None
        if count == 0:
            raise NoPagesError("the PDF has no pages", path=path)
        check_pages(count, limits, path=path)
        fonts: dict[str, bool] = {}
        for page in pdf.pages:
            try:
                pages.append(_read_page(page, fonts))
            except PDFPasswordIncorrect as exc:
                raise _wrap(exc, path, password) from None
            except MemoryError:
                raise
            except Exception as exc:
                raise CorruptPdfError(
                    f"page {page.page_number} cannot be read: the PDF is damaged "
                    f"({type(exc).__name__}: {exc})", path=path) from None
            finally:
                with contextlib.suppress(Exception):
                    page.close()
    finally:
        # pdfplumber's close() walks the pages again; on a damaged file that raises anew.
        with contextlib.suppress(Exception):
            pdf.close()
    return finish(pages, path=path, sha256=sha256)


def _quiet_pdfminer() -> None:
    """pdfminer logs warnings about damaged fonts; with no handler configured, Python's
    last-resort handler prints them on stderr. A NullHandler on its logger keeps them off
    the terminal while still passing them to any handler the application configures."""
    logger = logging.getLogger("pdfminer")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _read_page(page: Any, fonts: dict[str, bool]) -> Page:
    """Glyphs of one page, read from pdfminer's character objects (``page.layout``).

    The same coordinates as pdfplumber's ``page.chars`` (top-left origin, MediaBox
    offsets applied, as pdfplumber's ``process_object`` does), without building a
    dict of every attribute for every character: most of a page's reading time.
    """
    from pdfminer.layout import LTChar, LTContainer, LTImage

    height = float(page.height)
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    chars: list[Any] = []
    has_images = False
    stack = [iter(page.layout._objs)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                chars.append(obj)
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
            elif isinstance(obj, LTImage):
                has_images = True
        else:
            stack.pop()
    glyphs: list[Glyph] = []
    append = glyphs.append
    for c in chars:
        if not c.upright:
            continue  # rotated text: watermarks and margin stamps
        name = c.fontname or ""
        bold = fonts.get(name)
        if bold is None:
            text_name = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
            bold = fonts[name] = is_bold_font(text_name)
        append(Glyph(c.get_text(), c.x0 + mb_x0, c.x1 + mb_x0, height - c.y1 + mb_top,
                     height - c.y0 + mb_top, c.size or 0.0, bold))
    return Page(page.page_number, float(page.width), height, glyphs, has_images)


def finish(pages: list[Page], *, path: str | None, sha256: str) -> Document:
    """Checks every backend shares once the glyphs are out: text layer present, then layout."""
    with_text = [p for p in pages if any(g.text.strip() for g in p.glyphs)]
    if not with_text:
        scanned = any(p.has_images for p in pages)
        what = "its pages are images (a scan)" if scanned else "its pages carry no text"
        raise NoTextLayerError(
            f"the PDF has no text layer: {what}; run OCR on it first (for example "
            "`ocrmypdf in.pdf out.pdf`) and parse the result", path=path)
    notes = []
    if len(with_text) < len(pages):
        empty = [str(p.number) for p in pages if p not in with_text]
        notes.append(("IP-W022", "page(s) " + ", ".join(empty)))
    return build_document(pages, path=path, sha256=sha256, notes=notes)


def password_error(path: str | None, password: str | None) -> EncryptedPdfError:
    """The error for a PDF that would not open with the password given (or none)."""
    if password:
        return EncryptedPdfError("the PDF is encrypted and the password given is wrong",
                                 path=path)
    return EncryptedPdfError(
        "the PDF is encrypted: give its password (password= in the API, --password on "
        "the command line)", path=path)


def _wrap(exc: BaseException, path: str | None, password: str | None) -> Exception:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc
    # pdfplumber wraps pdfminer's errors in PdfminerException(original)
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(
            exc.args[0], BaseException):
        inner = exc.args[0]
    if isinstance(inner, PDFPasswordIncorrect):
        return password_error(path, password)
    if isinstance(inner, PDFEncryptionError):
        return EncryptedPdfError(f"the PDF uses an encryption we cannot open ({inner})",
                                 path=path)
    name = type(inner).__name__
    detail = str(inner) or name
    if name in {"PSEOF", "PDFSyntaxError", "PDFNoValidXRef"} or "EOF" in detail:
        return CorruptPdfError(
            f"the PDF is damaged or truncated and cannot be read ({name}: {detail})", path=path)
    return CorruptPdfError(f"the PDF cannot be read: it is damaged ({name}: {detail})", path=path)

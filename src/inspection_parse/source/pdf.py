"""PDF loader on pdfplumber: the page's characters → :mod:`.layout` → :class:`Document`.

This is the only module that imports pdfplumber/pdfminer. Their failures are
wrapped here, at the boundary, in our typed errors. Each page is closed as soon
as its glyphs are read, so memory stays flat over a batch of letters.
"""

from __future__ import annotations

import io

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
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as exc:
        raise _wrap(exc, path, password) from None
    pages: list[Page] = []
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise _wrap(exc, path, password) from None
        if count == 0:
            raise NoPagesError("the PDF has no pages", path=path)
        check_pages(count, limits, path=path)
        fonts: dict[str, bool] = {}
        for page in pdf.pages:
            try:
                chars = page.chars
                has_images = bool(page.images) if not chars else False
                glyphs = []
                for c in chars:
                    if not c.get("upright", True):
                        continue  # rotated text: watermarks and margin stamps
                    name = c.get("fontname") or ""
                    bold = fonts.get(name)
                    if bold is None:
                        bold = fonts[name] = is_bold_font(name)
                    glyphs.append(Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"],
                                        c.get("size") or 0.0, bold))
                pages.append(Page(page.page_number, float(page.width), float(page.height),
                                  glyphs, has_images))
            except PDFPasswordIncorrect as exc:
                raise _wrap(exc, path, password) from None
            except Exception as exc:
                raise CorruptPdfError(
                    f"page {page.page_number} cannot be read: the PDF is damaged "
                    f"({type(exc).__name__}: {exc})", path=path) from None
            finally:
                page.close()
    finally:
        pdf.close()
    return finish(pages, path=path, sha256=sha256)


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


def _wrap(exc: BaseException, path: str | None, password: str | None) -> Exception:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc
    # pdfplumber wraps pdfminer's errors in PdfminerException(original)
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(
            exc.args[0], BaseException):
        inner = exc.args[0]
    if isinstance(inner, PDFPasswordIncorrect):
        if password:
            return EncryptedPdfError("the PDF is encrypted and the password given is wrong",
                                     path=path)
        return EncryptedPdfError(
            "the PDF is encrypted: give its password (password= in the API, --password on "
            "the command line)", path=path)
    if isinstance(inner, PDFEncryptionError):
        return EncryptedPdfError(f"the PDF uses an encryption we cannot open ({inner})",
                                 path=path)
    name = type(inner).__name__
    detail = str(inner) or name
    if name in {"PSEOF", "PDFSyntaxError", "PDFNoValidXRef"} or "EOF" in detail:
        return CorruptPdfError(
            f"the PDF is damaged or truncated and cannot be read ({name}: {detail})", path=path)
    return CorruptPdfError(f"the PDF cannot be read: it is damaged ({name}: {detail})", path=path)

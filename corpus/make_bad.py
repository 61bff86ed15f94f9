#!/usr/bin/env python3
"""Build the bad-input fixtures in corpus/bad/ and show how each one fails (or opens).

    python corpus/make_bad.py

Each fixture stands for something a bulk run over downloaded letters really meets: encrypted PDFs,
downloads cut short, HTML error pages saved under a .pdf name, scans with no text layer, text files
in legacy encodings. The parser should answer each with a typed error or a warning, never a crash.
All bytes are derived from the invented letter below and fixed seeds, so re-running does not change
them (scanned.pdf depends on pypdfium2's rasteriser, so a new pdfium may change its bytes).

Needs reportlab, Pillow, pdfplumber and pypdfium2; uses render.py for the PDF letter.
"""
from __future__ import annotations

import io
import random
import sys
import tempfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render  # a sibling dev script, not a package

BAD = Path(__file__).resolve().parent / "bad"

# An invented letter (no real people or places), short so every fixture stays small. Curly quotes,
# a pound sign and en dashes make a wrong guess of the encoding visible.
LETTER = """\
Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD

T 0300 123 1231
enquiries@ofsted.gov.uk
www.gov.uk/ofsted



12 February 2030

Dr Alys Penhallow
Director of Children’s Services
Brackenmoor Borough Council
Civic Offices, Tannery Lane
Brackenmoor BM4 7QT

Dear Dr Penhallow

**Focused visit to Brackenmoor Borough Council children’s services**

This letter summarises the findings of the focused visit to Brackenmoor children’s services on \
14 and 15 January 2030. The visit looked at the “front door” – how contacts and referrals are \
handled – and at the £1.2 million the council has invested in its early help offer.

**What needs to improve in this area of social work practice**

• The timeliness of strategy discussions when risk escalates out of hours.
• The recording of managers’ decision-making on step-down to early help.

Ofsted will take the findings from this focused visit into account at the next inspection.

Yours sincerely

Tomasz Ellery
His Majesty’s Inspector
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found - GOV.UK</title></head>
<body><header><a href="/">GOV.UK</a></header>
<main><h1>Page not found</h1>
<p>If you entered a web address, check it is correct.</p>
<p>You can <a href="/search">search GOV.UK</a> or browse from the homepage.</p>
</main></body></html>
"""


def letter_pdf(tmp: Path, encrypt=None) -> bytes:
    src = tmp / "fixture-letter.txt"
    src.write_text(LETTER, encoding="utf-8")
    out = tmp / "fixture-letter.pdf"
    render.render(src, out, encrypt=encrypt)
    return out.read_bytes()


def no_pages_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty; written by hand, reportlab always adds a page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
               b"<< /Producer (corpus/make_bad.py) >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def scanned_pdf(letter: bytes) -> bytes:
    """Page 1 of the letter as a greyscale JPEG on a page with no text layer, like a scan."""
    doc = pdfium.PdfDocument(letter)
    try:
        image = doc[0].render(scale=1.4, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=45)
    jpeg.seek(0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setCreator("corpus/make_bad.py")
    c.setProducer("corpus/make_bad.py (reportlab)")
    c.drawImage(ImageReader(jpeg), 0, 0, *A4)
    c.showPage()
    c.save()
    return buf.getvalue()


def build() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        letter = letter_pdf(tmp)
        # 128-bit RC4: reportlab's invariant mode fixes the file ID and the "random" salt, so the
        # encrypted bytes are stable; pdfminer and pdfium both read it.
        secret = letter_pdf(tmp, StandardEncryption("secret", ownerPassword="owner", strength=128))
        owner_only = letter_pdf(tmp, StandardEncryption("", ownerPassword="owner", canCopy=0,
                                                        canModify=0, strength=128))
    rng = random.Random(20240501)
    return {
        "encrypted.pdf": secret,
        "encrypted-empty-user-password.pdf": owner_only,
        "truncated.pdf": letter[: int(len(letter) * 0.6)],
        "corrupt.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(6000) + b"\n%%EOF\n",
        "no-pages.pdf": no_pages_pdf(),
        "scanned.pdf": scanned_pdf(letter),
        "not-a-pdf.pdf": LETTER.encode("utf-8"),
        "binary.txt": random.Random(7).randbytes(3000),
        "empty.txt": b"",
        "cp1252.txt": LETTER.replace("\n", "\r\n").encode("cp1252"),
        "utf16-bom.txt": b"\xff\xfe" + LETTER.encode("utf-16-le"),
        "html.pdf": HTML.encode("utf-8"),
    }


def try_pdfplumber(path: Path, password: str | None = None) -> str:
    try:
        with pdfplumber.open(path, password=password) as pdf:
            pages = len(pdf.pages)
            if not pages:
                return "opens, 0 pages"
            page = pdf.pages[0]
            return (f"opens, {pages} page(s), page 1: {len(page.chars)} chars, "
                    f"{len(page.images)} image(s)")
    except Exception as exc:  # the point is to show which exception each file raises
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else None
        inner = f" ({type(cause).__name__})" if cause else ""
        return f"{type(exc).__name__}{inner}: {str(exc)[:60]}".rstrip(": ")


def try_pdfium(path: Path, password: str | None = None) -> str:
    try:
        doc = pdfium.PdfDocument(path, password=password)
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:60]}"
    try:
        return f"opens, {len(doc)} page(s)"
    finally:
        doc.close()


def try_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 ({exc.reason} at byte {exc.start})"
    if "\x00" in text:
        return f"decodes as UTF-8 but has {text.count(chr(0))} NUL characters"
    return f"UTF-8, {len(text)} characters" if text else "empty"


def main() -> int:
    BAD.mkdir(exist_ok=True)
    for name, data in build().items():
        (BAD / name).write_bytes(data)
    print(f"{'fixture':36} {'bytes':>6}  result")
    for name in sorted(p.name for p in BAD.iterdir()):
        path = BAD / name
        size = path.stat().st_size
        assert size < 100_000, name
        print(f"{name:36} {size:6}  head {path.read_bytes()[:8]!r}")
        if name.endswith(".pdf"):
            print(f"{'':44}pdfplumber: {try_pdfplumber(path)}")
            print(f"{'':44}pypdfium2:  {try_pdfium(path)}")
            if name == "encrypted.pdf":
                print(f"{'':44}pdfplumber, password 'secret': {try_pdfplumber(path, 'secret')}")
                print(f"{'':44}pypdfium2, password 'secret':  {try_pdfium(path, 'secret')}")
        if name.endswith(".txt") or name in ("not-a-pdf.pdf", "html.pdf"):
            print(f"{'':44}as text: {try_text(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

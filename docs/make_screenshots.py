"""Retake docs/review.png and docs/index.png with headless Chromium.

    .venv/bin/python docs/make_screenshots.py

Needs a Chromium binary (``apt-get install -y chromium`` on Debian; or set CHROMIUM). The
review page is of one of the corpus PDFs with an area's progress chosen (so its boxes show on
the page image); the index page is a report over every PDF in corpus/pdf. Pictures are
reduced to a 256-colour palette to stay small.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import inspection_parse as ip  # noqa: E402
from inspection_parse import review  # noqa: E402

LETTER = ROOT / "corpus" / "pdf" / "cafcass-pim-kent-2011.pdf"
CHOSEN = "areas[1].progress"
SIZE = "1280,1000"
MAX_BYTES = 400_000


def chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)  # type: ignore[return-value]
    sys.exit("no Chromium found: apt-get install -y chromium (or set CHROMIUM)")


def shoot(page: Path, png: Path, fragment: str = "") -> None:
    target = page.resolve().as_uri() + (f"#{quote(fragment, safe='')}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="ip-chromium-") as profile:
        subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
             "--virtual-time-budget=3000", f"--window-size={SIZE}", f"--screenshot={png}",
             target], check=True, capture_output=True, timeout=120)
    shrink(png)


def shrink(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as im:
        small = im.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)
    size = png.stat().st_size
    print(f"{png.relative_to(ROOT)}: {size // 1024} KB")
    if size > MAX_BYTES:
        sys.exit(f"{png} is over {MAX_BYTES} bytes")


def main() -> None:
    docs = ROOT / "docs"
    with tempfile.TemporaryDirectory(prefix="ip-shots-") as tmp:
        work = Path(tmp)
        os.chdir(ROOT)   # records name their files relative to the repository
        page = work / "review.html"
        page.write_text(review.render_review(LETTER.relative_to(ROOT)), encoding="utf-8")
        shoot(page, docs / "review.png", CHOSEN)

        records = work / "records.jsonl"
        pdfs = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
        records.write_text("".join(ip.to_json(ip.parse(p.relative_to(ROOT))) + "\n"
                                   for p in pdfs), encoding="utf-8")
        index = review.render_site(records, work / "site", images=False)
        shoot(index, docs / "index.png")


if __name__ == "__main__":
    main()

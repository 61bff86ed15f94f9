"""Regenerate notebooks/analysis.ipynb (run from the repository root). The notebook is committed
without outputs; tests/test_notebook.py executes it."""
import nbformat as nbf
nb = nbf.v4.new_notebook()
cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s))
code = lambda s: cells.append(nbf.v4.new_code_cell(s))
md("""# What the letters say: ratings, deadlines and themes

This notebook converts the project's own corpus of letters (`../corpus`) with
`inspection_parse`, loads the three tables (`letters`, `areas`, `sections`) into pandas,
and looks at

1. progress ratings by family of letter,
2. deadlines against visit dates (did the monitoring visit come before or after the deadline?),
3. the most common themes of the areas for improvement,
4. letters by region and by authority, under one canonical name per authority with its DfE and
   ONS codes (the keys to join other data on).

The test suite executes this notebook (`tests/test_notebook.py`), so it never rots. Point
`INPUTS` at your own archive (folders, globs, zip files) to run it on real letters.""")
code("""%matplotlib inline
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from inspection_parse.bulk import convert

HERE = Path.cwd()
CORPUS = (HERE / ".." / "corpus").resolve()
INPUTS = [CORPUS / "cafcass_pim", CORPUS / "la_focused_visit", CORPUS / "la_monitoring_visit",
          CORPUS / "pdf"]
OUT = Path(tempfile.mkdtemp(prefix="letters-")) / "tables"

summary = convert([str(p) for p in INPUTS], OUT, fmt="parquet", workers=2)
print(summary.line())""")
code("""letters = pd.read_parquet(OUT / "letters.parquet")
areas = pd.read_parquet(OUT / "areas.parquet")
sections = pd.read_parquet(OUT / "sections.parquet")
areas = areas.merge(letters[["letter_id", "family", "format", "visit_start", "letter_date"]],
                    on="letter_id")
print(len(letters), "letters,", len(areas), "areas,", len(sections), "sections")
letters.groupby(["family", "format"]).size().unstack(fill_value=0)""")
md("## 1. Progress ratings by family\n\nCafcass monitoring letters grade every area; focused-visit letters list areas without a grade.")
code("""ratings = (areas.assign(progress_rating=areas["progress_rating"].fillna("not graded"))
           .groupby(["family", "progress_rating"]).size().unstack(fill_value=0))
ax = ratings.plot.bar(stacked=True, figsize=(7, 4), title="Areas by progress rating and family")
ax.set_ylabel("areas")
plt.tight_layout()
ratings""")
code("""overall = letters.groupby(["family", letters["overall_rating"].fillna("none")]).size()
overall.unstack(fill_value=0)""")
md("## 2. Deadlines against visit dates\n\nFor each graded area: months from the deadline's due month to the monitoring visit. Positive means the visit came after the deadline had passed.")
code("""graded = areas.dropna(subset=["deadline_due", "visit_start"]).copy()
due = pd.to_datetime(graded["deadline_due"].astype("string"))
visit = pd.to_datetime(graded["visit_start"].astype("string"))
graded["months_after_due"] = (visit.dt.year - due.dt.year) * 12 + (visit.dt.month - due.dt.month)
fig, ax = plt.subplots(figsize=(7, 4))
for kind, group in graded.groupby("deadline_kind"):
    ax.scatter(pd.to_datetime(group["deadline_due"].astype("string")),
               pd.to_datetime(group["visit_start"].astype("string")), label=kind, alpha=0.7)
ax.set_xlabel("deadline due (month)")
ax.set_ylabel("monitoring visit")
ax.legend(title="deadline")
ax.set_title("Deadlines against visit dates")
plt.tight_layout()
graded.groupby("deadline_kind")["months_after_due"].describe()""")
md("## 3. Common themes of the areas\n\nWords of two or more letters in the area texts, without common function words and the deadline phrases.")
code("""import re
from collections import Counter

STOP = set('''a an and are as at be by for from has have in into is it its of on or that the their
this to was were which with within ensure ensures take action immediately months month three six
twelve all more than they them so not any can should been who how when where what also each
there those these such our your his her service area areas children child young people cafcass
local authority'''.split())
words = Counter()
for text in areas["text"].dropna():
    tokens = [t for t in re.findall(r"[a-z][a-z'-]+", text.lower()) if t not in STOP and len(t) > 2]
    words.update(tokens)
themes = pd.DataFrame(words.most_common(15), columns=["word", "areas"]).set_index("word")
ax = themes.plot.barh(figsize=(6, 5), legend=False, title="Most common words in areas")
ax.invert_yaxis()
plt.tight_layout()
themes.head(10)""")
code("""# Every table joins on letter_id: e.g. the sections of the letters with the most areas
top = areas.groupby("letter_id").size().sort_values(ascending=False).head(3).index
sections[sections["letter_id"].isin(top)].groupby(["letter_id", "kind"]).size().unstack(fill_value=0)""")
md("""## 4. Letters by region and authority

`provider_canonical` is one name per authority whatever the letter's spelling ("London Borough of
Barking and Dagenham" and "Barking and Dagenham" are one authority), and `la_code` (DfE) and
`ons_code` (ONS) join the tables to the data analysts put beside them. A name the reference table
does not know (this corpus invents several authorities) stays null, with warning `IP-W023`.""")
code("""authority_letters = letters.dropna(subset=["provider_canonical"])
unmatched = letters[letters["family"].str.startswith("la_") & letters["provider_canonical"].isna()]
print(len(authority_letters), "letters matched to an authority,", len(unmatched), "not matched")
by_region = (authority_letters.groupby("region")
             .agg(letters=("letter_id", "size"), authorities=("provider_canonical", "nunique"))
             .sort_values("letters", ascending=False))
by_region""")
code("""by_authority = (authority_letters
                .merge(areas.groupby("letter_id").size().rename("areas").reset_index(),
                       on="letter_id", how="left")
                .groupby(["region", "provider_canonical", "la_code", "ons_code"], dropna=False)
                .agg(letters=("letter_id", "size"), areas=("areas", "sum"))
                .reset_index().sort_values(["region", "provider_canonical"]))
# e.g. join your own DfE table on la_code: by_authority.merge(dfe, on="la_code")
by_authority""")
nb["cells"] = cells
nb["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbf.write(nb, "notebooks/analysis.ipynb")

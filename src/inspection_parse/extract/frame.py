"""The frame every letter shares: letterhead, date, recipient, salutation, title, sign-off, cc.

These parts sit in the same order in every inspectorate letter, whatever its
family, so one reader serves them all; families read the body in between.
"""

from __future__ import annotations

import attrs
import regex

from .. import plausible
from ..document import Snippet
from ..draft import Draft
from ..segment import Block, Layout
from . import dates, people

_DATE_LINE = regex.compile(r"\s*(?:Date[:\s]\s*)?(?P<date>.*?\b(?:19|20)\d\d)\s*\.?\s*")
_DATEISH = regex.compile(
    r"\s*(?:Date[:\s]\s*)?\d{1,2}(?:st|nd|rd|th)?\s+\p{L}{3,10},?\s+(?:19|20)\d\d\s*")
_DEAR = regex.compile(r"\s*Dear\s+\S")
_SIGNOFF = regex.compile(
    r"\s*(?:Yours?\s+(?:sincerely|faithfully|truly)|Kind\s+regards|Best\s+wishes|With\s+best\s+"
    r"wishes|Regards)\b[,.]?\s*$", regex.I)
_CC = regex.compile(r"\s*(?:cc|c\.c\.|copy\s+to|copies\s+to)\b\s*:?", regex.I)
_SIGNATORY_ROLE = regex.compile(
    r"(?:Senior\s+)?(?:(?:His|Her)\s+Majesty[’']s|HM)\s+Inspector(?:\s+of\s+\w+)?|"
    r"(?:Senior\s+)?HMI|Ofsted\s+Inspector|(?:Regional|Deputy|National)\s+Director[\w ,’']*|"
    r"(?:Lead|Team|Additional|Social\s+Care\s+Regulatory)\s+Inspector|Inspector", regex.I)


# How far right of the salutation a line may start and still be part of the address block (in
# the document's indent units: characters of a text letter, half body sizes of a PDF's).
_BESIDE = 12.0


@attrs.frozen
class Frame:
    """Where the frame's parts are, so families know where the body lies."""

    body_first_block: int           # first block after the title (or salutation)
    body_end: int                   # offset where the sign-off begins (or the text ends)
    signoff_line: int | None
    date_line: int | None
    # the signer's first line where no valediction precedes it (``signoff_line`` is then the
    # line before it, not a valediction)
    signer_first: int | None = None


def _snip(layout: Layout, i: int) -> Snippet:
    line = layout.doc.lines[i]
    return layout.doc.snippet(line.start, line.end)


def _visible(layout: Layout, i: int) -> str:
    """Line ``i`` as a value: hidden characters out, white space collapsed."""
    return _snip(layout, i).text


def _strip_span(layout: Layout, i: int) -> tuple[int, int]:
    """Offsets of line ``i`` without leading/trailing blanks and hidden edges."""
    snippet = _snip(layout, i)
    return snippet.start, snippet.end


def _sub_span(layout: Layout, i: int, a: int, b: int) -> tuple[int, int]:
    """Offsets of characters ``[a, b)`` of line ``i``'s value."""
    return _snip(layout, i).offsets(a, b)


def read_frame(draft: Draft, layout: Layout) -> Frame:
    doc = layout.doc
    body_lines = [i for i, line in enumerate(doc.lines) if line.furniture is None]
    head = body_lines[:80]

    # -- salutation ---------------------------------------------------------------
    dear = next((i for i in head if _DEAR.match(doc.text, doc.lines[i].start)), None)
    if dear is not None:
        s0, s1 = _strip_span(layout, dear)
        draft.put("salutation", _visible(layout, dear), s0, s1)
    else:
        draft.warn("IP-W012")

    # -- date ---------------------------------------------------------------------
    limit = dear if dear is not None else (head[-1] + 1 if head else 0)
    date_line = None
    for i in head:
        if i >= limit:
            break
        # (without a letterhead item read onto the same line: "17 March 2011 Direct T ...")
        a, e = _addressee_part(layout, i) if _LETTERHEAD.search(_visible(layout, i)) else (
            0, len(_visible(layout, i)))
        text = _visible(layout, i)[a:e]
        m = _DATE_LINE.fullmatch(text)
        found = dates.parse_full_date(text) if m else None
        if found and len(text) - (found.end - found.start) <= 8:
            date_line = i
            draft.put("letter_date", found.value,
                      *_sub_span(layout, i, a + found.start, a + found.end))
            break
        if _DATEISH.fullmatch(text):
            draft.warn("IP-W003", f"letter date {text!r}")
            date_line = i
            break
    if date_line is None or "letter_date" not in draft.fields:
        draft.put("letter_date", None)
        draft.warn("IP-W004")
    if date_line is not None:
        if date_line > 0:
            draft.mark(0, "letterhead")
        draft.mark(doc.lines[date_line].start, "date")
    elif head:
        draft.mark(0, "letterhead")

    # -- recipient ----------------------------------------------------------------
    early_cc: int | None = None
    head_cc: list[int] = []
    if dear is not None:
        if date_line is not None:
            rec = [i for i in body_lines if date_line < i < dear]
        else:
            rec = []
            for i in reversed([i for i in body_lines if i < dear]):
                rec.insert(0, i)
                if doc.lines[i].gap_before:
                    break
        # Lines set far to the right of "Dear ..." are a column beside the address block (a
        # provider's letterhead read line by line with it), not the address.
        ref = doc.lines[dear].indent
        beside = [i for i in rec if doc.lines[i].indent - ref > _BESIDE]
        if beside and len(beside) < len(rec):
            rec = [i for i in rec if i not in beside]
        # A "Copy to: ..." line may stand between the address and "Dear ...": it is the cc.
        early_cc = next((k for k, i in enumerate(rec) if _is_cc_line(_visible(layout, i))), None)
        if early_cc is not None:
            head_cc, rec = rec[early_cc:], rec[:early_cc]
        if not rec and date_line is not None:
            # the date below the address block: the block just above the date
            rec = _addressee_block(layout, [i for i in body_lines if i < date_line][::-1])
        if not rec:
            # the recipient block at the foot of the letter, after the signature
            rec = _foot_addressee(layout, [i for i in body_lines if i > dear])
        _read_recipient(draft, layout, rec)
    else:
        draft.warn("IP-W011")

    # -- title --------------------------------------------------------------------
    blocks = layout.blocks
    after = 0
    if dear is not None:
        after = next((k for k, b in enumerate(blocks) if b.first <= dear <= b.last), -1) + 1
        draft.mark(doc.lines[dear].start, "salutation")
    title_blocks = _title_blocks(blocks, after)
    if title_blocks:
        first, last = title_blocks[0], title_blocks[-1]
        text = " ".join(blocks[k].text for k in title_blocks)
        draft.put("title", text, blocks[first].start, blocks[last].end)
        draft.mark(blocks[first].start, "title")
        after = last + 1
    else:
        draft.put("title", None)
        draft.warn("IP-W013")
    if after < len(blocks):
        draft.mark(blocks[after].start, "introduction")

    # -- sign-off and cc ----------------------------------------------------------
    signoff = None
    for i in reversed(body_lines):
        if _SIGNOFF.match(_visible(layout, i)):
            signoff = i
            break
    signer_first: int | None = None     # the signer's line where no valediction precedes it
    if signoff is None:
        signer_first = _bare_signature(layout, body_lines)
    cc_line = None
    start_cc = signoff if signoff is not None else (body_lines[len(body_lines) * 2 // 3]
                                                     if body_lines else 0)
    for i in body_lines:
        if i > start_cc and _is_cc_line(_visible(layout, i)):
            cc_line = i
            break
    if signoff is None and signer_first is not None:
        signoff = signer_first - 1      # the signer's block stands where a valediction would
        draft.mark(doc.lines[signer_first].start, "signoff")
        end = cc_line if cc_line is not None else len(doc.lines)
        _read_signatory(draft, layout, [i for i in body_lines if signer_first <= i < end])
    elif signoff is not None:
        draft.mark(doc.lines[signoff].start, "signoff")
        end = cc_line if cc_line is not None else len(doc.lines)
        _read_signatory(draft, layout, [i for i in body_lines if signoff < i < end])
    else:
        draft.put("signatory.name", None)
        draft.put("signatory.role", None)
        draft.warn("IP-W014")
    if cc_line is not None:
        draft.mark(doc.lines[cc_line].start, "cc")
        _read_cc(draft, layout, cc_line, [i for i in body_lines if i > cc_line])
    elif dear is not None and early_cc is not None:
        _read_cc(draft, layout, head_cc[0], head_cc[1:])
    body_end = (doc.lines[signer_first].start if signer_first is not None else
                doc.lines[signoff].start if signoff is not None else len(doc.text))
    return Frame(body_first_block=after, body_end=body_end, signoff_line=signoff,
                 date_line=date_line, signer_first=signer_first)


def _bare_signature(layout: Layout, body_lines: list[int]) -> int | None:
    """A signature with no valediction above it: at the end of the letter, a line opening a
    block with a signer's name ("Ann Example") and an inspector's role on the next line ("His
    Majesty’s Inspector"), or both on one line ("Ann Example, HMI").

    The letter ends at the end of the text, or, where an annex or an attached report follows
    the sign-off, at the end of a page: the tail of the text is read first, then the tail of
    each page in turn."""
    doc = layout.doc
    ends = [len(body_lines)] + [n for n in range(1, len(body_lines))
                                if doc.lines[body_lines[n]].page_break_before]
    for end in ends:
        found = _signature_in(layout, body_lines[max(0, end - _SIGNATURE_WINDOW):end])
        if found is not None:
            return found
    return None


def _signature_in(layout: Layout, tail: list[int]) -> int | None:
    """The last line of ``tail`` that opens a signature block (see ``_bare_signature``)."""
    doc = layout.doc
    for n in range(len(tail) - 1, -1, -1):
        i = tail[n]
        if not doc.lines[i].gap_before and n > 0:
            continue
        text = _visible(layout, i)
        if len(text) > _MAX_SIGNER_LINE or not _signer_line(text):
            continue
        role_next = n + 1 < len(tail) and _SIGNATORY_ROLE.fullmatch(_visible(layout, tail[n + 1]))
        split = plausible.split_name(text)
        if role_next or (split is not None and split[1] is not None
                         and _SIGNATORY_ROLE.search(split[1])):
            return i
    return None


_SIGNATURE_WINDOW = 12
_MAX_SIGNER_LINE = 120


def _addressee_block(layout: Layout, lines: list[int]) -> list[int]:
    """The block of ``lines`` (given nearest first, walking away from the date) when it opens
    with a person ("Jo Example" / "Director of ..." / "Anytown Council" / address): the
    addressee; [] otherwise (a letterhead is no addressee)."""
    doc = layout.doc
    block: list[int] = []
    for i in lines:
        block.insert(0, i)
        if doc.lines[i].gap_before or len(block) > _MAX_ADDRESS_LINES:
            if all(_addressee_part(layout, k) == (0, 0) for k in block):
                # a block of a provider's contacts between the address and the date ("Direct
                # T 01632 960 417" / "Direct email: ..."): no part of the address, walked past
                block = []
                continue
            break
    if not block or len(block) > _MAX_ADDRESS_LINES:
        return []
    # Each line is read without a letterhead column set beside the address on the same lines
    # ("Headteacher   Direct F 01632 960 418"); a line that is all letterhead is left empty.
    # The inspectorate's own address or contacts on any line ("enquiries@ofsted.gov.uk") mark
    # the letterhead itself.
    texts = [_visible(layout, i)[slice(*_addressee_part(layout, i))] for i in block]
    first = texts[0]
    letterhead = any(not t or plausible.CONTACT.search(t)
                     or plausible.OFSTED_ADDRESS.search(_visible(layout, i))
                     for i, t in zip(block[1:], texts[1:], strict=True))
    if (_signer_line(first) or people.first_of_two(first) != first) and not letterhead:
        return block
    return []


def _foot_addressee(layout: Layout, lines: list[int]) -> list[int]:
    """An addressee block written at the foot of the letter: the block of ``lines`` right
    after the signature, when it opens with a person and is not a cc list."""
    doc = layout.doc
    blocks: list[list[int]] = []
    for i in lines:
        if not blocks or doc.lines[i].gap_before:
            blocks.append([])
        blocks[-1].append(i)
    signature = next((n for n, block in enumerate(blocks) if any(
        _SIGNATORY_ROLE.fullmatch(_visible(layout, i)) for i in block)), None)
    if signature is None or signature + 1 >= len(blocks):
        return []
    block = blocks[signature + 1]
    texts = [_visible(layout, i) for i in block]
    if (any(_SIGNATORY_ROLE.fullmatch(t) for t in texts) or _is_cc_line(texts[0])
            or not 2 <= len(block) <= _MAX_ADDRESS_LINES):
        return []
    return block if _addressee_block(layout, block[::-1]) else []


_MAX_ADDRESS_LINES = 10


def _is_cc_line(text: str) -> bool:
    """"cc:", "Copy to: ...", "Copies to" opening a short line."""
    return len(text) < 120 and _CC.match(text) is not None


def _title_blocks(blocks: tuple[Block, ...], after: int) -> list[int]:
    out: list[int] = []
    k = after
    while k < len(blocks) and len(out) < 3:
        b = blocks[k]
        if b.bullet is not None or not b.bold or len(b.text) > 300:
            break
        out.append(k)
        k += 1
    if out:
        return out
    if after < len(blocks):
        b = blocks[after]
        if b.is_heading_like() and len(b.text) <= 200 and not _DEAR.match(b.text):
            return [after]
    return []


# Letterhead beside the address block: a service provider's "Direct T 01632 960 417",
# "Direct F ...", "Direct email: kfenn@example.org", "Ofsted helpline 0300 123 1231", the
# inspectorate's "T 0300 123 1231", "Text Phone 0161 618 8524", an e-mail or web address. Text
# extraction runs these on or between the addressee's lines ("Ms Ann Bell Direct T 01632 ...").
_LETTERHEAD = regex.compile(
    r"(?:(?<=\s)|^)(?:Direct\s+(?:T|F|Tel|Fax|Line|Dial|(?i:e-?mail))\b|(?i:Text\s?phone|Minicom|"
    r"(?:Ofsted\s+)?helpline)\b|(?:T|Tel|F|Fax)\b\.?:?\s*[0+(]\d|(?:E-?mail|Web|E|W)\b:?\s*"
    r"(?=[\w.+-]++@|www\.)|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.]++|www\.\S)")
# A letterhead item opening the line, with its number or address: what stands after it may be
# the addressee's own line ("Direct T 01632 960 417 Headteacher").
_LETTERHEAD_LEAD = regex.compile(
    r"(?:Direct\s+(?:T|F|Tel|Fax|Line|Dial)|T|Tel|F|Fax|(?i:Text\s?phone|Minicom|"
    r"(?:Ofsted\s+)?helpline))\b\.?:?\s*+[0+(][\d ()+-]{5,}+(?<=\d)"
    r"|(?:Direct\s+)?(?i:e-?mail)?:?\s*+[\w.+-]++@[\w-]++\.[\w.]++|(?:Web:?\s*)?www\.\S++")
# A run of spaces wide enough to part two columns set side by side (text copied from a PDF).
_COLUMN_GAP = regex.compile(r"(?<=\S)(?:[ ]{2,}+|\t[ \t]*+)(?=\S)")


def _addressee_part(layout: Layout, i: int) -> tuple[int, int]:
    """The part of line ``i``'s value that belongs to the address block, as (from, to) in the
    value: a letterhead column set beside the block on the same line (after a wide gap, or
    from the first letterhead item on) is cut off; (0, 0) when the line is all letterhead."""
    value = _visible(layout, i)
    line = layout.doc.lines[i]
    raw = layout.doc.visible(line)
    a, e = 0, len(value)
    gap = _COLUMN_GAP.search(raw.strip())
    if gap is not None:     # two columns: the address block is the one that is not letterhead
        left = " ".join(raw.strip()[:gap.start()].split())
        a, e = (len(left) + 1, len(value)) if _LETTERHEAD.match(left) else (0, len(left))
    lead = _LETTERHEAD_LEAD.match(value, a)
    if lead is not None:
        a = lead.end()
        while a < e and value[a] == " ":
            a += 1
    cut = _LETTERHEAD.search(value, a, e)
    if cut is not None:
        e = cut.start()
        while e > a and value[e - 1] == " ":
            e -= 1
    return (a, e) if e > a else (0, 0)


def _read_recipient(draft: Draft, layout: Layout, rec: list[int]) -> None:
    doc = layout.doc
    parts_of = [_addressee_part(layout, i) for i in rec]
    cuts = {i: p for i, p in zip(rec, parts_of, strict=True) if p != (0, len(_visible(layout, i)))}
    rec = [i for i, p in zip(rec, parts_of, strict=True) if p != (0, 0)]
    texts = [_visible(layout, i)[slice(*cuts[i])] if i in cuts else _visible(layout, i)
             for i in rec]
    if not texts:
        draft.warn("IP-W011")
        for f in ("name", "role", "organisation"):
            draft.put(f"recipient.{f}", None)
        draft.put("recipient.address", [])
        return
    draft.mark(doc.lines[rec[0]].start, "recipient")
    parts = people.read_recipient(texts)

    def shift(k: int) -> int:
        return cuts[rec[k]][0] if rec[k] in cuts else 0

    def span_of(k: int) -> tuple[int, int]:
        if rec[k] in cuts:
            return _sub_span(layout, rec[k], *cuts[rec[k]])
        return _strip_span(layout, rec[k])

    def part_of(k: int, a: int, b: int) -> tuple[int, int]:
        """Offsets of characters ``[a, b)`` of line ``k``'s value (the line's own span when
        that is all of it)."""
        if (a, b) == (0, len(texts[k])):
            return span_of(k)
        return _sub_span(layout, rec[k], a + shift(k), b + shift(k))

    if parts.name_end is not None and parts.role_from is not None:
        name = people.first_of_two(texts[0][:parts.name_end].strip())
        draft.put("recipient.name", name, *part_of(0, 0, len(name)))
        role = texts[0][parts.role_from:].strip()
        draft.put("recipient.role", role, *part_of(0, parts.role_from, len(texts[0])))
    else:
        name = people.first_of_two(texts[0])
        draft.put("recipient.name", name, *part_of(0, 0, len(name)))
        if parts.role:
            draft.put("recipient.role", " ".join(texts[k] for k in parts.role),
                      span_of(parts.role[0])[0], span_of(parts.role[-1])[1])
        else:
            draft.put("recipient.role", None)
    org = parts.organisation
    if org is None:
        draft.put("recipient.organisation", None)
    else:   # the whole line, or up to where the first address line shares it
        end = parts.organisation_end if parts.organisation_end is not None else len(texts[org])
        draft.put("recipient.organisation", texts[org][:end], *part_of(org, 0, end))
    address = []
    for n, k in enumerate(parts.address):
        a = parts.address_from if n == 0 and parts.address_from is not None else 0
        address.append(texts[k][a:])
        draft.ground(f"recipient.address[{n}]", *part_of(k, a, len(texts[k])))
    draft.put("recipient.address", address)


# A full stop after a surname ("Ann Example."): punctuation, not part of the name; an
# initial's stop ("Ann B.") stays.
_NAME_STOP = regex.compile(r"(?<=\p{Ll})\.\Z")


def _read_signatory(draft: Draft, layout: Layout, after: list[int]) -> None:
    texts = [_visible(layout, i) for i in after]
    name_k = next((k for k, t in enumerate(texts) if _signer_line(t)), None)
    if name_k is None:
        draft.put("signatory.name", None)
        draft.put("signatory.role", None)
        draft.warn("IP-W014")
        return
    name, role_from = people.split_name_role(texts[name_k])
    # Only where the line gave no role: on a long "Name, Director ..." line this lazy match is
    # quadratic, and its result was not used there.
    m = regex.fullmatch(rf"(?P<name>.+?)\s+(?P<role>{_SIGNATORY_ROLE.pattern})", texts[name_k],
                        regex.I) if role_from is None else None
    if role_from is None and m and people.looks_like_person(m["name"]):
        name, role_from = m["name"], m.start("role")
    elif role_from is None and (split := plausible.split_name(texts[name_k])) is not None and (
            split[1] is not None):
        # "Ann Example (His Majesty’s Inspector)": the name, and the role inside the brackets
        name, role_from = split[0], texts[name_k].find(split[1], len(split[0]))
        role_end = role_from + len(split[1])
        name = _NAME_STOP.sub("", name)
        draft.put("signatory.name", name, *_sub_span(layout, after[name_k], 0, len(name)))
        draft.put("signatory.role", split[1],
                  *_sub_span(layout, after[name_k], role_from, role_end))
        return
    name = _NAME_STOP.sub("", name)
    draft.put("signatory.name", name, *_sub_span(layout, after[name_k], 0, len(name)))
    if role_from is not None:
        draft.put("signatory.role", texts[name_k][role_from:],
                  *_sub_span(layout, after[name_k], role_from, len(texts[name_k])))
        return
    if name_k + 1 < len(texts) and not _CC.match(texts[name_k + 1]):
        r0, r1 = _strip_span(layout, after[name_k + 1])
        draft.put("signatory.role", texts[name_k + 1], r0, r1)
    else:
        draft.put("signatory.role", None)


def _signer_line(text: str) -> bool:
    """Does ``text`` open with the signer's name ("Ann Example", "Ann Example,", "Ann Example
    HMI")? Not the first words of a role ("Regional Director" above "Social Care")."""
    text = plausible.tidy(text, name=True)
    if people.looks_like_person(people.split_name_role(text)[0]):
        return True
    if "(" in text:
        return plausible.split_name(text) is not None
    return people.PERSON.fullmatch(text) is not None and plausible.split_name(text) is not None


def _read_cc(draft: Draft, layout: Layout, cc_line: int, after: list[int]) -> None:
    first = _visible(layout, cc_line)
    rest = _CC.sub("", first, count=1).strip()
    items: list[tuple[str, int, int]] = []
    if rest:
        items.append((rest, *_sub_span(layout, cc_line, len(first) - len(rest), len(first))))
    for i in after:
        t = _visible(layout, i)
        if not t:
            continue
        a, b = _strip_span(layout, i)
        items.append((t, a, b))
    cc = []
    for n, (text, a, b) in enumerate(items):
        # "Name, Organisation" or "Name, Role, Organisation"
        parts = [p.strip() for p in text.split(",")]
        name = parts[0] or None
        organisation = parts[-1] if len(parts) > 1 and parts[-1] else None
        cc.append({"name": name, "organisation": organisation})
        draft.ground(f"cc[{n}]", a, b)
    draft.put("cc", cc)

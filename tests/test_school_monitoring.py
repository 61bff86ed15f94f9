"""School monitoring letters, shape by shape: each test changes one thing in a corpus letter (or
writes a short letter) the way another inspector, another year or another provider would."""

from __future__ import annotations

import pytest

import inspection_parse as ip
from conftest import CORPUS
from inspection_parse.extract.judgements import ordinal_value

SCHOOLS = CORPUS / "school_monitoring"
ASHCOMBE = SCHOOLS / "sm-ashcombe-junior-2008-11-20.txt"          # service provider, report
HARROWGATE = SCHOOLS / "sm-harrowgate-community-college-2011-03-17.txt"
ST_AIDANS = SCHOOLS / "sm-st-aidans-catholic-primary-2010-06-24.txt"   # notice to improve
BRAMWELL = SCHOOLS / "sm-bramwell-high-school-2006-04-06.txt"
MILLBROOK = SCHOOLS / "sm-millbrook-primary-2013-05-09.txt"        # reasonable progress
OAKHURST = SCHOOLS / "sm-oakhurst-academy-2015-11-12.txt"          # effective action
PENNINE = SCHOOLS / "sm-pennine-view-school-2016-02-04.txt"
LARKFIELD = SCHOOLS / "sm-larkfield-church-of-england-primary-2017-06-29.txt"   # RI
RIVERSIDE = SCHOOLS / "sm-riverside-free-school-2019-12-05.txt"    # 2019-, academy, cc
THISTLEBROOK = SCHOOLS / "sm-thistlebrook-infant-school-2020-10-15.txt"   # autumn 2020


def _variant(path, *changes: tuple[str, str]) -> ip.Letter:
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return ip.parse_text(text)


def _codes(letter: ip.Letter) -> set[str]:
    return set(letter.warning_codes())


# -- 2005-2012: service providers' letters ----------------------------------------------------

OVERALL_LINE = "Progress since being subject to special measures – satisfactory"


@pytest.mark.parametrize("line", [
    "Progress since being subject to special measures - satisfactory",
    "Progress since being subject to special measures—satisfactory",
    "Progress since being subject to special measures: satisfactory.",
    "**Progress since being subject to special measures – Satisfactory**",
    "Progress since the school became subject to special measures – satisfactory",
])
def test_the_judgement_line_is_read_however_it_is_punctuated(line: str) -> None:
    letter = _variant(ASHCOMBE, (OVERALL_LINE, line))
    assert letter.overall.rating == "satisfactory"
    assert letter.overall.text == line.replace("**", "")
    assert letter.judgements[0].rating == "satisfactory"


def test_the_progress_since_being_subject_line_is_overall_even_when_it_comes_second() -> None:
    letter = _variant(ASHCOMBE, (OVERALL_LINE + "\n\nProgress since previous monitoring "
                                 "inspection – good", "Progress since previous monitoring "
                                 "inspection – good\n\n" + OVERALL_LINE))
    assert letter.overall.rating == "satisfactory"
    assert [j.rating for j in letter.judgements[:2]] == ["good", "satisfactory"]


def test_judgement_lines_with_no_gap_between_them_are_two_judgements() -> None:
    letter = _variant(ASHCOMBE, (OVERALL_LINE + "\n\nProgress since previous",
                                 OVERALL_LINE + "\nProgress since previous"))
    assert [(j.subject, j.rating) for j in letter.judgements[:2]] == [
        ("Progress since being subject to special measures", "satisfactory"),
        ("Progress since previous monitoring inspection", "good")]
    assert letter.overall.rating == "satisfactory"


def test_the_attached_reports_graded_paraphrases_are_judgements_not_areas() -> None:
    letter = ip.parse(ASHCOMBE)
    assert [a.text[:20] for a in letter.areas] == [
        "Raise standards in w", "Improve progress in ", "Make sure that senio"]
    assert all(a.progress.rating is None for a in letter.areas)
    report = [j for j in letter.judgements if not j.subject.startswith("Progress")]
    assert [(j.subject, j.rating) for j in report] == [
        ("raise standards in writing across the school", "good"),
        ("improve pupils’ progress in mathematics", "satisfactory"),
        ("strengthen the monitoring of teaching by senior leaders", "satisfactory")]


def test_a_notice_to_improve_letter_has_its_own_overall_line() -> None:
    letter = _variant(ST_AIDANS, ("Progress since being given a notice to improve – good",
                                  "Progress since being given a notice to improve – inadequate"))
    assert (letter.overall.rating, letter.provider.name) == (
        "inadequate", "St Aidan’s Catholic Primary School")


# -- letterheads beside the address block -----------------------------------------------------

@pytest.mark.parametrize(("name_line", "role_line", "org_line"), [
    ("Ms Hannah Treloar Direct T 01632 962 330", "Acting Headteacher Direct F 01632 962 331",
     "Harrowgate Community College Direct email: ogrant@meridian-example.com"),
    ("Ms Hannah Treloar      Direct T 01632 962 330", "Acting Headteacher      Ofsted helpline "
     "0300 123 1231", "Harrowgate Community College      ogrant@meridian-example.com"),
    ("Direct T 01632 962 330      Ms Hannah Treloar", "Direct F 01632 962 331      Acting "
     "Headteacher", "Direct email: ogrant@meridian-example.com      Harrowgate Community College"),
])
def test_letterhead_items_on_the_addressees_lines_are_not_the_addressee(
        name_line: str, role_line: str, org_line: str) -> None:
    letter = _variant(
        HARROWGATE,
        ("Ms Hannah Treloar Direct T 01632 962 330", name_line),
        ("Acting Headteacher Direct F 01632 962 331", role_line),
        ("Harrowgate Community College Direct email: ogrant@meridian-example.com", org_line))
    assert (letter.recipient.name, letter.recipient.role, letter.recipient.organisation) == (
        "Ms Hannah Treloar", "Acting Headteacher", "Harrowgate Community College")
    assert letter.recipient.address == ("Beacon Hill Road", "Pellingford", "PG9 2AA")


def test_letterhead_lines_between_the_date_and_the_addressee_are_not_the_addressee() -> None:
    letter = _variant(BRAMWELL, ("6 April 2006\n\nMr Graham Oddie", "6 April 2006\n\nDirect T "
                                 "01632 963 044\nDirect email: hb@example.org\n\nMr Graham Oddie"))
    assert (letter.recipient.name, letter.recipient.organisation) == (
        "Mr Graham Oddie", "Bramwell High School")


def test_the_schools_line_after_the_role_is_the_organisation_though_it_reads_as_a_street(
        ) -> None:
    letter = ip.parse(ST_AIDANS)     # "St ..." reads as a street to the address rules
    assert letter.recipient.organisation == "St Aidan’s Catholic Primary School"
    assert letter.recipient.address[0] == "St Aidan’s Road"
    hill = _variant(ST_AIDANS, ("St Aidan’s Catholic Primary School\nSt Aidan’s Road",
                                "Oak Hill Primary School\nSt Aidan’s Road"))
    assert hill.recipient.organisation == "Oak Hill Primary School"


# -- 2012-2014: reasonable progress -----------------------------------------------------------

@pytest.mark.parametrize(("sentence", "rating"), [
    ("The school is making reasonable progress towards the removal of special measures.",
     "reasonable"),
    ("The school is not making reasonable progress towards the removal of special measures.",
     "insufficient"),
    ("The school is not yet making sufficient progress towards the removal of special measures.",
     "insufficient"),
    ("The school is making inadequate progress towards the removal of special measures.",
     "inadequate"),
])
def test_the_2012_14_opinion_gives_reasonable_or_insufficient(sentence: str, rating: str) -> None:
    letter = _variant(MILLBROOK, ("The school is making reasonable progress towards the removal "
                                  "of special measures.", sentence))
    assert (letter.overall.rating, letter.overall.text) == (rating, sentence)
    assert [j.rating for j in letter.judgements] == [rating]


# -- 2014-2019 and 2019-: effective action ----------------------------------------------------

@pytest.mark.parametrize(("sentence", "rating"), [
    ("Leaders and managers are not taking effective action towards the removal of special "
     "measures.", "not_effective"),
    ("Leaders and managers are taking effective action towards the removal of the serious "
     "weaknesses designation.", "effective"),
    ("leaders and those responsible for governance are taking effective action in order for the "
     "school to become a good school.", "effective"),
])
def test_the_effective_action_opinion(sentence: str, rating: str) -> None:
    letter = _variant(OAKHURST, ("Leaders and managers are taking effective action towards the "
                                 "removal of special measures.", sentence))
    assert (letter.overall.rating, letter.overall.text) == (rating, sentence)


def test_an_opinion_in_one_sentence_with_its_lead_is_the_whole_sentence() -> None:
    letter = _variant(OAKHURST, ("Having considered all the evidence I am of the opinion that at "
                                 "this time:\n\nLeaders", "Having considered all the evidence, "
                                 "I am of the opinion that leaders"))
    assert letter.overall.rating == "effective"
    assert letter.overall.text.startswith("Having considered all the evidence, I am of the")


def test_an_earlier_sentence_about_effective_action_on_one_matter_is_not_the_opinion() -> None:
    letter = _variant(PENNINE, ("I observed teaching in eight lessons", "Leaders are taking "
                                "effective action on attendance. I observed teaching in eight "
                                "lessons"))
    assert letter.overall.rating == "not_effective"


def test_a_requires_improvement_letter_lists_the_further_action_as_areas() -> None:
    letter = ip.parse(LARKFIELD)
    assert letter.title is not None and letter.title.startswith("Requires improvement:")
    assert letter.overall.rating == "effective"
    assert [a.text[:12] for a in letter.areas] == ["ensure that ", "make sure th"]
    leaders = _variant(LARKFIELD, ("The school should take further action to:",
                                   "Leaders and governors should take further action to:"))
    assert len(leaders.areas) == 2


def test_an_academy_letter_copies_the_trust_and_the_cc_ends_with_its_lines() -> None:
    letter = _variant(RIVERSIDE, ("cc: Helena Marsh-Obi, Chief Executive Officer, Larchwood "
                                  "Schools Trust", "cc: Helena Marsh-Obi, Chief Executive Officer, "
                                  "Larchwood Schools Trust\n\n\n\n**Annex**\n\nA paragraph of the "
                                  "annex that is copied to no one."))
    assert [(c.name, c.organisation) for c in letter.cc] == [
        ("Helena Marsh-Obi", "Larchwood Schools Trust")]
    assert letter.recipient.role == "Principal"


# -- visits with no judgement -----------------------------------------------------------------

def test_a_covid_era_visit_has_no_overall_judgement_and_says_so() -> None:
    letter = ip.parse(THISTLEBROOK)
    assert (letter.overall.rating, letter.overall.text, letter.judgements) == (None, None, ())
    assert "IP-W031" in _codes(letter) and "IP-W010" not in _codes(letter)


def test_a_letter_whose_judgement_is_missing_is_flagged_as_a_miss() -> None:
    letter = _variant(PENNINE, ("Senior leaders and governors are not taking effective action to "
                                "tackle the serious weaknesses designation.", "Senior leaders and "
                                "governors have much still to do."))
    assert letter.overall.rating is None
    assert "IP-W010" in _codes(letter) and "IP-W031" not in _codes(letter)


# -- which monitoring inspection, and of what -------------------------------------------------

@pytest.mark.parametrize(("phrase", "sequence"), [
    ("The visit was the second monitoring inspection", 2),
    ("The visit was the 5th monitoring inspection", 5),
    ("The visit was your school’s eighth monitoring inspection", 8),
    ("The visit was the third section 8 monitoring inspection", 3),
    ("The visit was a monitoring inspection", None),
])
def test_the_sequence_of_the_monitoring_inspection(phrase: str, sequence: int | None) -> None:
    letter = _variant(ASHCOMBE, ("The visit was the second monitoring inspection", phrase),
                      ("Report from the second monitoring", "Report from the monitoring"))
    assert letter.visit.sequence == sequence


def test_ordinals_in_words_and_figures() -> None:
    assert [ordinal_value(w) for w in ("first", "Tenth", "2nd", "11th", "many")] == [
        1, 10, 2, 11, None]


@pytest.mark.parametrize(("sentence", "date"), [
    ("since the school was judged to require special measures in June 2012", "2012-06"),
    ("since the school was placed in special measures following its section 5 inspection on "
     "12 and 13 June 2012", "2012-06-12"),
    ("since being judged as requiring special measures at the inspection in June 2012",
     "2012-06"),
    ("following the section 5 inspection which took place on 14 June 2012", "2012-06-14"),
])
def test_the_inspection_that_put_the_school_in_its_category(sentence: str, date: str) -> None:
    letter = _variant(MILLBROOK, ("since the school was judged to require special measures in "
                                  "June 2012", sentence))
    assert letter.previous_inspection.date == date


def test_the_visit_itself_is_not_the_inspection_followed_up() -> None:
    letter = _variant(MILLBROOK, ("since the school was judged to require special measures in "
                                  "June 2012", "since the school became subject to special "
                                  "measures"), ("I write on behalf", "the inspection on 30 April "
                                                "2013 was carried out. I write on behalf"))
    assert letter.previous_inspection.date is None
    assert "IP-W030" in _codes(letter)


# -- areas ------------------------------------------------------------------------------------

def test_lettered_sub_points_over_a_page_break_join_their_numbered_area() -> None:
    letter = ip.parse(OAKHURST)
    assert [a.number for a in letter.areas] == [1, 2, 3]
    assert letter.areas[1].text.endswith("(b) making sure that the pupil premium is spent well "
                                         "and its impact measured.")


def test_numbered_areas_on_lines_with_no_gap_are_one_area_each() -> None:
    letter = ip.parse(BRAMWELL)
    assert [(a.number, a.text[:16]) for a in letter.areas] == [
        (1, "Raise standards "), (2, "Improve behaviou"), (3, "Strengthen the m")]


def test_numbered_areas_with_a_closing_mark_and_letters_without_brackets() -> None:
    letter = _variant(OAKHURST, ("1. Improve the quality", "1) Improve the quality"),
                      ("   (a) making sure that teachers", "   a) making sure that teachers"))
    assert letter.areas[0].number == 1
    assert "a) making sure that teachers" in letter.areas[0].text


def test_an_area_the_letter_grades_itself_carries_the_rating() -> None:
    letter = _variant(PENNINE, ("progress in mathematics.\n", "progress in mathematics – "
                                "satisfactory\n"))
    assert letter.areas[0].progress.rating == "satisfactory"
    assert letter.areas[0].text == ("Make sure that checks on teaching lead to rapid improvements "
                                    "in pupils’ progress in mathematics")
    assert letter.areas[1].progress.rating is None


def test_a_sentence_about_the_annex_is_not_a_heading_of_areas() -> None:
    letter = ip.parse(SCHOOLS / "sm-elmfield-primary-2018-03-09.txt")
    assert len(letter.areas) == 3
    assert "IP-W032" not in _codes(letter)


def test_an_area_heading_with_nothing_under_it_is_flagged() -> None:
    text = PENNINE.read_text(encoding="utf-8")
    start = text.index("- Make sure that checks")
    end = text.index("I am copying")
    letter = ip.parse_text(text[:start] + text[end:])
    assert letter.areas == ()
    assert "IP-W032" in _codes(letter)


def test_an_annex_named_by_letter_or_standing_alone_over_its_list() -> None:
    lettered = _variant(MILLBROOK, ("**Annex**", "**Annex A**"))
    assert [a.number for a in lettered.areas] == [1, 2, 3]
    alone = _variant(MILLBROOK, ("**Priorities for further improvement**\n\n", ""))
    assert [a.number for a in alone.areas] == [1, 2, 3]
    assert "IP-W032" not in _codes(alone)


def test_sub_points_set_with_the_parents_glyph_join_it_by_the_colon_and_lower_case() -> None:
    letter = _variant(ASHCOMBE, ("  – giving pupils", "- giving pupils"),
                      ("  – making sure that marking", "- making sure that marking"))
    assert len(letter.areas) == 3
    assert letter.areas[0].text.endswith("how to improve their work.")


def test_numbered_areas_run_on_in_one_paragraph_are_cut_at_their_numbers() -> None:
    letter = _variant(MILLBROOK, ("in writing.\n\n2. Build", "in writing. 2. Build"),
                      ("solve problems.\n\n3. Develop", "solve problems. 3. Develop"))
    assert [(a.number, a.text[:10]) for a in letter.areas] == [
        (1, "Make sure "), (2, "Build on t"), (3, "Develop th")]


def test_bullet_sub_points_of_a_numbered_area_and_the_next_number_on_the_next_line() -> None:
    letter = _variant(BRAMWELL, ("2. Improve behaviour in lessons and around the school.\n",
                                 "2. Improve behaviour by:\n   o setting clear rules\n   o "
                                 "rewarding good conduct\n"))
    assert [(a.number, a.text) for a in letter.areas[1:]] == [
        (2, "Improve behaviour by: setting clear rules rewarding good conduct"),
        (3, "Strengthen the monitoring and evaluation of teaching by senior leaders.")]


def test_other_inspectors_named_after_the_visit_dates() -> None:
    letter = _variant(MILLBROOK, ("on 30 April and 1 May 2013, I write", "on 30 April and 1 May "
                                  "2013 with Colm Brady, Ofsted Inspector, I write"))
    assert letter.visit.inspectors == ("Tamsin Oyelowo", "Colm Brady")


@pytest.mark.parametrize("date_line", ["17 March 2011 Direct T 01632 962 330",
                                       "Direct F 01632 962 331    17 March 2011"])
def test_the_date_with_a_letterhead_item_on_its_line(date_line: str) -> None:
    letter = _variant(HARROWGATE, ("17 March 2011\n", date_line + "\n"))
    assert letter.letter_date == "2011-03-17"
    assert letter.recipient.name == "Ms Hannah Treloar"


# -- the frame around a letter with an annex or an attached report after its sign-off ----------

@pytest.mark.parametrize("path", [ASHCOMBE, HARROWGATE, ST_AIDANS, BRAMWELL, OAKHURST])
def test_a_signature_with_no_valediction_before_the_annex_or_report(path) -> None:
    letter = ip.parse(path)
    text = path.read_text(encoding="utf-8")
    bare = ip.parse_text(text.replace("Yours sincerely\n\n", "", 1))
    assert (bare.signatory.name, bare.signatory.role) == (
        letter.signatory.name, letter.signatory.role)
    assert bare.signatory.name is not None
    assert bare.visit.inspectors == letter.visit.inspectors
    assert "IP-W014" not in bare.warning_codes()


def test_an_additional_inspector_with_the_role_run_on_after_the_name() -> None:
    letter = _variant(ASHCOMBE, ("Kathryn Fenn\nAdditional Inspector",
                                 "Kathryn Fenn Additional Inspector"))
    assert (letter.signatory.name, letter.signatory.role) == ("Kathryn Fenn",
                                                               "Additional Inspector")
    assert letter.visit.inspectors == ("Kathryn Fenn", "Rowan Ebdon")


def test_the_date_below_an_address_with_the_letterhead_column_beside_it() -> None:
    address = ("Mrs Eleanor Pascoe-Whyte                    Direct T 01632 960 417\n"
               "Headteacher                                 Direct F 01632 960 418\n"
               "Ashcombe Junior School                      Direct email: "
               "kfenn@calloway-example.org.uk\nQuarry Lane\nAshcombe\nAS4 9LD\n")
    letter = _variant(ASHCOMBE, ("20 November 2008\n\n" + address,
                                 address + "\n20 November 2008\n"))
    assert (letter.letter_date, letter.recipient.name, letter.recipient.role,
            letter.recipient.organisation) == (
        "2008-11-20", "Mrs Eleanor Pascoe-Whyte", "Headteacher", "Ashcombe Junior School")


def test_the_date_below_the_providers_contacts_below_the_address() -> None:
    letter = _variant(BRAMWELL, ("6 April 2006\n\n", ""),
                      ("hbostock@hollinsvane-example.org\n", "hbostock@hollinsvane-example.org"
                                                               "\n\n6 April 2006\n"))
    assert (letter.letter_date, letter.recipient.name, letter.recipient.organisation) == (
        "2006-04-06", "Mr Graham Oddie", "Bramwell High School")


def test_a_letterhead_is_never_the_addressee_where_the_address_stands_at_the_foot() -> None:
    """With the address moved to the foot, the block above the date is the letterhead, its
    inspectorate contacts beside the provider's address: not the addressee."""
    text = ST_AIDANS.read_text(encoding="utf-8")
    start = text.index("Mr Francis Oduya")
    end = text.index("\n\n", start)
    block = text[start:end]
    moved = text[:start] + text[end + 2:]
    sig = moved.index("Additional Inspector\n") + len("Additional Inspector\n")
    letter = ip.parse_text(moved[:sig] + "\n" + block + "\n" + moved[sig:])
    assert (letter.recipient.name, letter.recipient.organisation) == (
        "Mr Francis Oduya", "St Aidan’s Catholic Primary School")

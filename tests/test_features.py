"""Per-block numbers: :func:`count_words`, :func:`page_language`, :func:`measure`, :func:`vectors`."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from boilerstrip.features import VECTOR_NAMES, count_words, measure, page_language, vectors
from boilerstrip.text import normalise, text_to_blocks

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def _article(name: str) -> tuple[str, list[str]]:
    """(headline, paragraphs) of a fixture article."""
    head, *paragraphs = (ARTICLES / name).read_text(encoding="utf-8").strip().split("\n\n")
    return head, paragraphs


def _measured(text: str, language: str = "en") -> list:
    blocks = text_to_blocks(normalise(text))
    measure(blocks, language)
    return blocks


# Written for these tests (no fixture article is in Spanish or Chinese): two sentences each.
SPANISH = (
    "El ayuntamiento aprobó ayer el nuevo presupuesto para las escuelas de la ciudad, que recibirán "
    "más dinero para contratar profesores y reparar los edificios más antiguos.\n\n"
    "Según la alcaldesa, la medida era necesaria desde hace años y no podía esperar más."
)
CHINESE = (
    "市政府昨天批准了新的学校预算，城里的学校将获得更多资金，用来聘请教师和修缮最老的校舍。\n\n"
    "市长表示，这项措施多年来一直是必要的，不能再等了。"
)
MENU = "Home\nWorld\nBusiness\nTechnology\nSport\nCulture\nOpinion\nVideo"


# --- count_words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Like Us on Facebook", 4),
        ("", 0),
        ("   ", 0),
        ("— • —", 0),
        ("The campaign has mounted 600 strikes since May.", 8),
        ("Größere Straßenbahnen fahren öfter", 4),
        ("Эта каша пришла к нам с севера", 7),
    ],
)
def test_count_words_latin_and_cyrillic(text: str, words: int) -> None:
    assert count_words(text) == words


def test_count_words_cjk_counts_about_one_word_per_two_characters() -> None:
    sentence = "市政府昨天批准了新的学校预算"  # 14 Han characters, no spaces
    assert count_words(sentence) == 7
    # a long unspaced run is many words, not one token
    paragraph = CHINESE.replace("\n\n", "")
    assert 15 <= count_words(paragraph) <= 45


def test_count_words_japanese_mixed_scripts() -> None:
    _, paragraphs = _article("ja-shohyo-kaizo.txt")
    text = paragraphs[0]
    chars = len(text)
    # kana and kanji count like Chinese; embedded Latin words ("iPhone") still count
    assert chars / 4 <= count_words(text) <= chars
    assert count_words("iPhoneを買った") > count_words("を買った")


# --- page_language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("en-coffee-history.txt", "en"),
        ("en-lecun-llms.txt", "en"),
        ("de-patientenakte.txt", "de"),
        ("fr-barbecue-charbon.txt", "fr"),
        ("ru-dieta-atkinsa.txt", "ru"),
        ("it-cavalieri-zodiaco.txt", "it"),
        ("pt-serelepe.txt", "pt"),
        ("ja-shohyo-kaizo.txt", "ja"),
    ],
)
def test_page_language_of_a_whole_article(name: str, language: str) -> None:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    assert page_language(text_to_blocks(text)) == language


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("en-coffee-history.txt", "en"),
        ("de-patientenakte.txt", "de"),
        ("fr-barbecue-charbon.txt", "fr"),
        ("ru-dieta-atkinsa.txt", "ru"),
        ("ja-shohyo-kaizo.txt", "ja"),
    ],
)
def test_page_language_of_a_short_page(name: str, language: str) -> None:
    """A headline and two paragraphs are enough to tell the language."""
    head, paragraphs = _article(name)
    text = "\n\n".join([head, *paragraphs[:2]])
    assert page_language(text_to_blocks(text)) == language


@pytest.mark.parametrize(("text", "language"), [(SPANISH, "es"), (CHINESE, "zh")], ids=["es", "zh"])
def test_page_language_of_two_sentences(text: str, language: str) -> None:
    assert page_language(text_to_blocks(text)) == language


@pytest.mark.parametrize(("hint", "language"), [("de", "de"), ("en-GB", "en"), ("pt_BR", "pt"), ("FR", "fr")])
def test_page_language_hint_wins_and_is_reduced_to_its_language(hint: str, language: str) -> None:
    # the page is English: only the hint can make the answer anything else
    text = (ARTICLES / "en-coffee-history.txt").read_text(encoding="utf-8")
    assert page_language(text_to_blocks(text), hint) == language


def test_page_language_of_an_empty_page_is_a_language_code() -> None:
    language = page_language([])
    assert isinstance(language, str) and len(language) == 2


# --- measure -------------------------------------------------------------------------------


def test_measure_words_and_chars() -> None:
    (block,) = _measured("Like Us on Facebook")
    assert block.features.words == 4
    assert block.features.chars == len("Like Us on Facebook")


@pytest.mark.parametrize(
    ("name", "language"),
    [("en-coffee-history.txt", "en"), ("de-patientenakte.txt", "de"), ("fr-barbecue-charbon.txt", "fr"), ("ru-dieta-atkinsa.txt", "ru")],
)
def test_stopword_density_high_on_prose_low_on_a_menu(name: str, language: str) -> None:
    _, paragraphs = _article(name)
    prose = _measured("\n\n".join(paragraphs[:3]), language)
    menu = _measured(MENU, language)
    for block in prose:
        assert block.features.stopword_density >= 0.25, block.text
    menu_density = sorted(b.features.stopword_density for b in menu)
    prose_mean = sum(b.features.stopword_density for b in prose) / len(prose)
    # the broad stopwords-iso English list holds "home" and "world", so single menu entries
    # can score 1.0; most entries score 0, and the menu as a whole is far below prose
    assert menu_density[len(menu_density) // 2] == 0.0
    assert sum(menu_density) / len(menu_density) < prose_mean / 2


@pytest.mark.parametrize(
    ("line", "punct"),
    [
        ("The council met on Tuesday.", True),
        ("Did the council meet?", True),
        ("It did!", True),
        ("He said: \u201cwe will.\u201d", True),
        ("The list follows:", True),
        ("会议在周二举行。", True),
        ("Share this article", False),
        ("Council meets on Tuesday", False),
        ("Price: 12", False),
    ],
)
def test_ends_with_punct(line: str, punct: bool) -> None:
    (block,) = _measured(line)
    assert block.features.ends_with_punct is punct


def test_upper_ratio_of_a_masthead_and_of_prose() -> None:
    masthead, headline, prose = _measured(
        "CHINA TOPIX\n\nExodus of Foreign Fighters Continues\n\nThe council met on Tuesday and agreed the budget."
    )
    assert masthead.features.upper_ratio > 0.9
    assert prose.features.upper_ratio < 0.1
    assert masthead.features.upper_ratio > headline.features.upper_ratio > prose.features.upper_ratio
    assert headline.features.title_ratio > prose.features.title_ratio


def test_digit_ratio_of_a_counter() -> None:
    counter, prose = _measured("12 345 678\n\nThe council met on Tuesday and agreed the budget.")
    assert counter.features.digit_ratio == 1.0
    assert prose.features.digit_ratio == 0.0


def test_repeats_counts_identical_lines() -> None:
    blocks = _measured("Home\n\nThe council met on Tuesday.\n\nHome\n\nContact\n\nHome")
    repeats = {b.text: b.features.repeats for b in blocks}
    assert repeats == {"Home": 3, "The council met on Tuesday.": 1, "Contact": 1}


def test_position_runs_from_zero_to_one_in_page_order() -> None:
    head, paragraphs = _article("en-coffee-history.txt")
    blocks = _measured(MENU + "\n\n" + head + "\n\n" + "\n\n".join(paragraphs))
    positions = [b.features.position for b in blocks]
    assert positions[0] == 0.0 and positions[-1] == 1.0
    assert positions == sorted(positions)
    assert all(0.0 <= p <= 1.0 for p in positions)


def test_position_of_a_single_block_is_in_range() -> None:
    (block,) = _measured("Only line")
    assert 0.0 <= block.features.position <= 1.0


def test_text_density_higher_for_prose_than_for_a_menu_line() -> None:
    _, paragraphs = _article("en-coffee-history.txt")
    prose, menu = _measured(paragraphs[0] + "\n\nHome")
    assert prose.features.lines > 1
    assert prose.features.text_density > menu.features.text_density


def test_link_density_from_link_chars() -> None:
    (block,) = text_to_blocks("Read more about the budget")
    block.link_chars = len(block.text)
    measure([block], "en")
    assert block.features.link_density == pytest.approx(1.0)


# --- vectors -------------------------------------------------------------------------------


def test_vector_names_are_unique() -> None:
    assert len(set(VECTOR_NAMES)) == len(VECTOR_NAMES)


def test_vectors_one_per_block_of_the_named_length() -> None:
    head, paragraphs = _article("en-coffee-history.txt")
    blocks = _measured(MENU + "\n\n" + head + "\n\n" + "\n\n".join(paragraphs) + "\n\nAbout us\nContact")
    rows = vectors(blocks, "en")
    assert len(rows) == len(blocks)
    for row in rows:
        assert len(row) == len(VECTOR_NAMES)
        assert all(isinstance(v, float) and math.isfinite(v) for v in row)


def test_vectors_of_no_blocks() -> None:
    assert vectors([], "en") == []


def test_vectors_tell_prose_from_menu() -> None:
    _, paragraphs = _article("en-coffee-history.txt")
    blocks = _measured(MENU + "\n\n" + "\n\n".join(paragraphs[:4]))
    rows = vectors(blocks, "en")
    col = {name: i for i, name in enumerate(VECTOR_NAMES)}
    menu_rows, prose_rows = rows[:8], rows[8:]
    assert all(r[col["punct"]] == 1.0 for r in prose_rows)
    assert all(r[col["punct"]] == 0.0 for r in menu_rows)
    assert min(r[col["log_words"]] for r in prose_rows) > max(r[col["log_words"]] for r in menu_rows)
    # the menu is one run of lines with no blank line between them; each paragraph is alone
    assert all(r[col["group_log_size"]] == pytest.approx(math.log(8)) for r in menu_rows)
    assert all(r[col["group_log_size"]] == 0.0 for r in prose_rows)

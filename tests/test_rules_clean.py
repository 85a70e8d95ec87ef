"""Rule sets end to end: ``clean(page, rules=..., url=...)`` on the seed and on the example site.

The matcher-level tests are in ``test_rules.py``; these check what a user sees in the Article.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from boilerstrip import Article, RuleError, clean
from boilerstrip.rules import Rule, RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"
EXAMPLE = ROOT / "examples" / "acme-news.toml"
ACME_PAGE = ROOT / "fixtures" / "rules" / "acme-news.html"
ACME_URL = "https://www.acme-news.example/springfield/2024/03/03/riverbank"

PENTAGON = "Pentagon spokesman, Rear Adm. John Kirby said this week that the strikes have disrupted the militants' operation."
MINIMAL_ON_SEED = """
[[rules]]
id = "mine.drop-pentagon"
kind = "other"
pattern = "^Pentagon spokesman"
action = "remove"
"""


def removed_by(article: Article) -> dict[str, tuple[str, str]]:
    return {r.text: (r.kind, r.rule) for r in article.removed}


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def acme() -> Article:
    return clean(ACME_PAGE.read_bytes(), url=ACME_URL, rules=load_rules(EXAMPLE))


# -- the seed ----------------------------------------------------------------------------


def test_minimal_rule_file_on_the_seed(seed: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL_ON_SEED, encoding="utf-8")
    plain = clean(seed)
    assert PENTAGON in plain.paragraphs
    article = clean(seed, rules=load_rules(path))
    assert PENTAGON not in article.paragraphs
    assert removed_by(article)[PENTAGON] == ("other", "mine.drop-pentagon")
    # The defaults still run alongside the user's rule.
    assert removed_by(article)["Like Us on Facebook"] == ("social", "social.follow-us")
    assert len(article.paragraphs) == len(plain.paragraphs) - 1


def test_default_rules_name_their_rule_on_the_seed(seed: str) -> None:
    removed = removed_by(clean(seed))
    assert removed["Like Us on Facebook"] == ("social", "social.follow-us")
    assert removed["Real Time Analytics"] == ("analytics", "analytics.pixel-alt")
    assert removed["Make CT Your Homepage"] == ("promo", "promo.make-homepage")


def test_user_keep_overrides_a_default_remove(seed: str) -> None:
    keep = Rule(id="mine.keep-facebook", kind="social", action="keep", pattern="^Like Us on Facebook$")
    article = clean(seed, rules=RuleSet([keep]))
    assert "Like Us on Facebook" in article.paragraphs
    assert "Like Us on Facebook" not in removed_by(article)


def test_default_rules_can_be_left_out(seed: str) -> None:
    only_mine = clean(seed, rules=RuleSet.from_toml(MINIMAL_ON_SEED), default_rules=False)
    rules_used = {r.rule for r in only_mine.removed}
    assert "mine.drop-pentagon" in rules_used
    assert not [r for r in rules_used if r.startswith(("social.", "analytics.", "promo."))]
    # ...and without(): the defaults minus one family.
    article = clean(seed, rules=RuleSet.default().without("social.*"), default_rules=False)
    assert not [r for r in article.removed if r.rule.startswith("social.")]
    assert removed_by(article)["Real Time Analytics"][1] == "analytics.pixel-alt"


def test_rules_given_as_one_rule_or_a_list(seed: str) -> None:
    rule = Rule(id="mine.drop-pentagon", kind="other", pattern="^Pentagon spokesman")
    assert removed_by(clean(seed, rules=rule))[PENTAGON][1] == "mine.drop-pentagon"
    assert removed_by(clean(seed, rules=[rule]))[PENTAGON][1] == "mine.drop-pentagon"


def test_a_catastrophic_user_regex_is_reported_and_the_page_still_cleans(seed: str) -> None:
    slow = Rule(id="mine.slow", kind="other", pattern=r"^(a+)+$")
    page = seed + "\n\n" + "a" * 30_000 + "b\n"
    article = clean(page, rules=slow)
    assert any("mine.slow" in w for w in article.warnings)
    assert article.paragraphs and article.headline


def test_a_bad_rule_file_raises_rule_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[rules]]\nid = "mine.bad"\nkind = "promo"\npattern = "(oops"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="mine.bad"):
        clean("Some text.", rules=load_rules(path))


# -- the example site ---------------------------------------------------------------------


def test_example_site_text_rules(acme: Article) -> None:
    removed = removed_by(acme)
    assert removed["Subscribe to Acme Daily for the morning briefing."] == ("promo", "acme.drop-promo")
    assert removed["Acme Weather: Sunny, 21°C in Springfield"] == ("other", "acme.weather-box")
    assert removed["Springfield | Region | Business | Sport | Opinion"] == ("navigation", "acme.section-bar")
    assert removed["Like us on Facebook"] == ("social", "social.follow-us")
    assert removed["12 comments"] == ("comments", "comments.count")


def test_example_site_keep_rule_keeps_the_writer_handle(acme: Article) -> None:
    assert "Follow Jane Roe on Twitter @janeroe" in acme.paragraphs


def test_example_site_fields(acme: Article) -> None:
    assert acme.headline == "Volunteers clear the Springfield riverbank after the spring floods"
    assert acme.timestamp == datetime(2024, 3, 3, 8, 15)
    assert any(c.credit == "Acme News/Jane Roe" for c in acme.captions)
    assert "Photo: Acme News/Jane Roe" not in acme.body


def test_example_site_selector_rules(acme: Article) -> None:
    removed = removed_by(acme)
    assert removed["Get the Acme newsletter"] == ("newsletter", "acme.newsletter-box")
    assert removed["The day's Springfield news, every morning."] == ("newsletter", "acme.newsletter-box")
    assert removed["Flood defences to be reviewed"] == ("related", "acme.related-box")


def test_example_site_body(acme: Article) -> None:
    assert len(acme.paragraphs) == 5
    assert acme.paragraphs[0].startswith("More than two hundred volunteers")


def test_example_rules_do_not_fire_on_another_site() -> None:
    article = clean(ACME_PAGE.read_bytes(), url="https://www.other-news.example/a", rules=load_rules(EXAMPLE))
    assert not [r for r in article.removed if r.rule.startswith("acme.")]
    assert "Follow Jane Roe on Twitter @janeroe" not in article.paragraphs  # the built-in rule removes it


@pytest.mark.parametrize("mark", ["\u27a1\ufe0f", "\u2764\ufe0f", "#\ufe0f\u20e3", "\U0001f468\u200d\U0001f4bb", "\u203a \u27a1\ufe0f"])
def test_a_chrome_line_behind_an_emoji_is_still_chrome(seed: str, mark: str) -> None:
    # "➡️" is an arrow and a variation selector, which \w counts as a word character: the
    # rules read emoji glue as the separators it sits among, so the line is the same prompt
    paragraphs = clean(seed).paragraphs
    page = seed.replace("Like Us on Facebook", f"{mark} Like Us on Facebook {mark}")
    article = clean(page)
    assert article.paragraphs == paragraphs
    # (zero-width characters such as the joiner are dropped from the text the Article reports)
    found = [(r.kind, r.rule) for r in article.removed if "Like Us on Facebook" in r.text]
    assert found == [("social", "social.follow-us")]


@pytest.mark.parametrize("mark", ["\u27a1\ufe0f", "\u2764\ufe0f", "\U0001f51e"])
def test_emoji_around_a_short_label_do_not_count_as_its_words(seed: str, mark: str) -> None:
    # "18+" is a one-word label; "➡️ 18+ ➡️" counts three words to \w+ (the variation selector
    # is a word character), which a rule for labels of at most two words never tried
    page = seed.replace("Like Us on Facebook", f"{mark} 18+ {mark}")
    article = clean(page)
    found = [(r.kind, r.rule) for r in article.removed if "18+" in r.text]
    assert found == [("legal", "legal.age-rating")]


AGENCY_STORY = (
    "<html><body><article><h1>Sleeping through the trip to Mars</h1>"
    "<figure><img src='a.jpg'><p>In this Nov. 3, 2009, file photo, made available by the space agency, two astronauts "
    "take part in a training dive in a large pool near the launch site. (Space Agency via AP, File)</p></figure>"
    "<p>Scientists say that a state like hibernation could one day help crews survive the long trip, "
    "because a sleeping body needs less food, less water and less room in the ship.</p>"
    "<p>The study looked at animals that spend the winter asleep and at what happens to their muscles "
    "and bones, which stay strong in a way that the bodies of people lying in bed do not.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize("input", ["html", "text"])
def test_agency_photo_caption_is_a_caption_not_body(input: str) -> None:
    page = AGENCY_STORY if input == "html" else (
        "Sleeping through the trip to Mars\n\n" + AGENCY_STORY.split("<p>")[1].split("</p>")[0] + "\n\n"
        + "\n\n".join(p.split("</p>")[0] for p in AGENCY_STORY.split("<p>")[2:])
    )
    article = clean(page)
    assert "file photo" not in article.body
    assert "hibernation" in article.body
    assert any("In this Nov. 3, 2009, file photo" in c.text for c in article.captions)

"""What do 500 extra user rules cost? (the speed target of the rule-set issue: under 20% more
time per page)

Times ``clean(page)`` against ``clean(page, rules=<500 user rules>)`` page by page, and the
rule matcher alone on the same pages' blocks, with the built-in rules and with the 500 extra.

Pages: the text renders cached by ``bench.py`` under ``benchmarks/.cache/<dataset>/<input>/``
when present, else a synthetic set of news-like pages (``--synthetic`` forces it).

The 500 rules are generated, deterministic, and all global (no ``sites``), the worst case: a
per-site rule costs nothing on other sites. They mix the forms users write: whole-block
phrases, ``^`` prefixes, unanchored phrases, word lists, case-sensitive and digit patterns, on
invented brand names so that they rarely fire (a rule that fires costs one more regex, never
more).

    python benchmarks/rules_cost.py                      # cached renders, else synthetic
    python benchmarks/rules_cost.py --synthetic --pages 200
    python benchmarks/rules_cost.py --input inscriptis --limit 300 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from boilerstrip import clean
from boilerstrip.rules import Rule, RuleSet, resolve

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"

_SYLLABLES = ["ka", "lo", "mi", "zu", "ter", "van", "dor", "pel", "rix", "sol", "ne", "qua", "bri", "fen", "gol", "tas"]
_WORDS = ["Daily", "Weekly", "Deals", "Club", "Plus", "Insider", "Radio", "Shop", "Live", "Prime", "Extra", "Wire"]
_VERBS = ["Subscribe to", "Listen to", "Shop at", "Join", "Download", "Try", "Read", "Watch", "Follow", "Win with"]


def _brand(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def user_rules(n: int = 500, seed: int = 7) -> RuleSet:
    """``n`` plausible global user rules (deterministic)."""
    rng = random.Random(seed)
    rules: list[Rule] = []
    for i in range(n):
        brand, word, verb = _brand(rng), rng.choice(_WORDS), rng.choice(_VERBS)
        form = i % 10
        rid = f"user{i:03d}.rule"
        if form in (0, 1, 2, 3):  # a whole-block phrase
            rules.append(Rule(id=rid, kind="promo", anchor="whole", max_words=12,
                              pattern=rf"{verb} {brand}(?: {word})?(?: today| now)?"))
        elif form in (4, 5):  # a prefix, written the way the example is
            rules.append(Rule(id=rid, kind="promo", pattern=rf"^{verb} {brand} {word}"))
        elif form == 6:  # a phrase anywhere in the block
            rules.append(Rule(id=rid, kind="advert", pattern=rf"\b(?:sponsored|presented) by {brand}\b"))
        elif form == 7:  # a row of links
            items = [_brand(rng) for _ in range(4)]
            rules.append(Rule(id=rid, kind="navigation", anchor="list", pattern="|".join(items)))
        elif form == 8:  # case-sensitive label
            rules.append(Rule(id=rid, kind="other", case_sensitive=True, pattern=rf"^{brand.upper()} {word.upper()}$"))
        else:  # digits inside
            rules.append(Rule(id=rid, kind="promo", pattern=rf"^{brand} \d+ (?:points|deals|offers)\b", max_words=20))
    return RuleSet(rules)


def synthetic_pages(count: int, seed: int = 11) -> list[str]:
    """News-like text pages: a masthead, chrome lines, a headline, 8-30 prose paragraphs."""
    rng = random.Random(seed)
    vocabulary = ("the council said on tuesday that a new plan for the town would cost more than "
                  "expected and residents who spoke at the meeting asked why the money could not "
                  "be found elsewhere while officials promised a report by the end of the month").split()
    chrome = ["Home", "Share this article", "Like us on Facebook", "Advertisement", "Related articles",
              "Read more", "Comments", "Privacy Policy | Terms of Use", "Sign in", "Subscribe now",
              "© 2024 Example Media", "Skip to content", "Most popular", "Tweet", "Email", "Print"]
    pages = []
    for _ in range(count):
        blocks = [rng.choice(["THE DAILY EXAMPLE", "Example Herald", "EXAMPLE NEWS"])]
        blocks += rng.sample(chrome, 6)
        blocks.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 12))).capitalize())
        for _ in range(rng.randint(8, 30)):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(15, 80))]
            blocks.append(" ".join(words).capitalize() + ".")
            if rng.random() < 0.2:
                blocks.append(rng.choice(chrome))
        blocks += rng.sample(chrome, 5)
        pages.append("\n\n".join(blocks) + "\n")
    return pages


def cached_pages(input_name: str, limit: int | None) -> tuple[list[str], str]:
    files = sorted(CACHE.glob(f"*/{input_name}/*.txt"))
    if limit:
        files = files[:limit]
    datasets = sorted({f.parent.parent.name for f in files})
    return [f.read_text(encoding="utf-8") for f in files], f"{input_name} renders of {', '.join(datasets)}"


def blocks_of(page: str) -> list[tuple[str, int]]:
    """The page's blocks as the text front-end makes them (falls back to blank-line paragraphs)."""
    try:
        from boilerstrip.text import normalise, text_to_blocks

        texts = [b.text for b in text_to_blocks(normalise(page))]
    except ImportError:  # pragma: no cover - an older layout of the package
        texts = [" ".join(p.split()) for p in page.split("\n\n")]
    return [(t, len(t.split())) for t in texts if t]


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _match_page(rules: RuleSet, blocks: list[tuple[str, int]]) -> None:
    matcher = rules.compile()
    for text, words in blocks:
        matcher.match(text, words)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", default="html_text", help="which cached renders (html_text, inscriptis)")
    ap.add_argument("--synthetic", action="store_true", help="use generated pages even if renders are cached")
    ap.add_argument("--pages", type=int, default=200, help="number of synthetic pages")
    ap.add_argument("--limit", type=int, default=None, help="at most this many cached pages")
    ap.add_argument("--rules", type=int, default=500, help="number of extra user rules")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the pages; the fastest is kept")
    ap.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = ap.parse_args(argv)

    pages, source = ([], "")
    if not args.synthetic:
        pages, source = cached_pages(args.input, args.limit)
    if not pages:
        pages, source = synthetic_pages(args.pages), f"{args.pages} synthetic pages"
    extra = user_rules(args.rules)

    start = time.perf_counter()
    merged = resolve(extra, defaults=True)
    merged.compile()
    compile_s = time.perf_counter() - start
    defaults = RuleSet.default()
    defaults.compile()

    # Warm up both paths (first-use compilation, caches) before timing.
    for page in pages[:5]:
        clean(page)
        clean(page, rules=extra)

    page_blocks = [blocks_of(p) for p in pages]

    # Alternate the two configurations page by page (and repeat the whole pass): the machine
    # may be busy with other work, and a slow spell then hits both alike. Measured one
    # configuration after the other instead, a busy minute can show as a 30% "overhead".
    clean_base, clean_more, match_base, match_more = [], [], [], []
    for _ in range(args.rounds):
        totals = [0.0, 0.0, 0.0, 0.0]
        for page, blocks in zip(pages, page_blocks):
            totals[0] += _timed(lambda: clean(page))
            totals[1] += _timed(lambda: clean(page, rules=extra))
            totals[2] += _timed(lambda: _match_page(defaults, blocks))
            totals[3] += _timed(lambda: _match_page(merged, blocks))
        for bucket, total in zip((clean_base, clean_more, match_base, match_more), totals):
            bucket.append(total)

    n = len(pages)
    ms = lambda seconds: 1000 * seconds / n  # noqa: E731 - per page, in milliseconds
    figures = {
        "pages": n,
        "source": source,
        "blocks_per_page": round(statistics.mean(len(b) for b in page_blocks), 1),
        "extra_rules": len(extra),
        "compile_extra_s": round(compile_s, 3),
        "clean_ms_per_page": round(ms(min(clean_base)), 3),
        "clean_with_extra_ms_per_page": round(ms(min(clean_more)), 3),
        "clean_overhead_pct": round(100 * (min(clean_more) / min(clean_base) - 1), 1),
        "matcher_defaults_ms_per_page": round(ms(min(match_base)), 3),
        "matcher_with_extra_ms_per_page": round(ms(min(match_more)), 3),
    }
    print(f"pages: {n} ({source}), {figures['blocks_per_page']} blocks per page on average")
    print(f"{len(extra)} extra user rules, all global; compiled once in {compile_s:.2f} s")
    print(f"clean()            {figures['clean_ms_per_page']:8.2f} ms/page")
    print(f"clean(rules=500)   {figures['clean_with_extra_ms_per_page']:8.2f} ms/page"
          f"   -> {figures['clean_overhead_pct']:+.1f}% per page (target: under +20%)")
    print(f"matcher, defaults  {figures['matcher_defaults_ms_per_page']:8.2f} ms/page")
    print(f"matcher, +500      {figures['matcher_with_extra_ms_per_page']:8.2f} ms/page")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

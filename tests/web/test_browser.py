"""The app and the report in a real headless browser (Debian's chromium driven by Playwright).

Screenshots land in test-artifacts/web/. Without chromium the tests skip, except in CI where
they must run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = os.environ.get("STORYLINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags chromium keeps dialling Google, which this network refuses.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits_laptop(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def xss_fired(page: Any) -> Any:
    return page.evaluate("window.__xss")


def test_overview_then_open_a_story(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("svg.chart circle").count() >= 2
    assert page.locator("table.outlets tbody tr").count() >= 3
    assert fits_laptop(page)
    shot(page, "app-overview")
    page.locator("table.stories a", has_text="referendum").first.click()
    page.wait_for_url(re.compile(r"/story/"))
    assert page.locator(".column").count() >= 2
    assert page.locator("table.matrix tbody tr").count() >= 1
    assert page.locator(".evidence [class*='m-ev-']").count() >= 1
    assert fits_laptop(page)
    shot(page, "app-story")
    # A summary citation leads to the sentence in its article.
    page.locator("ol.summary a.cite").first.click()
    page.wait_for_url(re.compile(r"/article/.+#a-.+-s\d+$"))
    assert page.locator(".anchor:target").count() == 1


def test_search_from_the_top_bar_then_filter(page: Any, base_url: str) -> None:
    page.goto(base_url + "/timeline")
    page.fill("nav input[name=q]", "referendum")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=referendum"))
    found = page.locator("ol.results > li").count()
    assert found >= 2
    assert page.locator("ol.results mark").count() >= 1
    shot(page, "app-search")
    page.select_option("main form select[name=outlet]", "Kazinform")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"outlet=Kazinform"))
    assert 1 <= page.locator("ol.results > li").count() < found
    assert "Kazinform" in page.inner_text("ol.results")


def test_timeline_filters_live(page: Any, base_url: str, web_db: str) -> None:
    page.goto(base_url + "/timeline")
    visible = "ol.timeline li[data-first]:visible"
    total = page.locator(visible).count()
    assert total >= 5
    page.fill("input[name=from]", "2022-11")
    assert 0 < page.locator(visible).count() < total
    assert re.search(r"\d+ of \d+ entries", page.inner_text("[data-count]"))
    page.fill("input[name=from]", "")
    with open_store(web_db) as store:
        entry = next(e for e in store.iter_timeline() if e.entity_ids)
    page.select_option("select[name=entity]", entry.entity_ids[0])
    assert 0 < page.locator(visible).count() <= total
    shot(page, "app-timeline-filtered")


def test_article_shows_marks_and_removed_text_on_demand(page: Any, base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        article = next(a for a in store.iter_articles() if len(a.removed) >= 2)
    page.goto(f"{base_url}/article/{article.id}")
    assert page.locator(".text .m-entity").count() >= 3
    assert page.locator(".text .m-time").count() >= 1
    removed = page.locator(".removed-line").first
    assert not removed.is_visible()
    page.click("[data-toggle-removed]")
    assert removed.is_visible()
    shot(page, "app-article")
    page.locator(".text a.m-entity").first.click()
    page.wait_for_url(re.compile(r"/entity/"))
    assert page.locator("h2", has_text="Aliases").count() == 1
    shot(page, "app-entity")


def test_quote_versions_side_by_side(page: Any, base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        qid = next(
            q for q, link in store.quote_links().items() if link.matches and link.matches[0].similarity < 0.99
        )
    page.goto(f"{base_url}/quote/{qid}")
    assert page.locator(".version").count() >= 2
    assert page.locator(".version ins, .version del").count() >= 1
    shot(page, "app-quote")


def test_hostile_text_stays_text_in_the_app(page: Any, base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        hostile = [a.id for a in store.iter_articles() if "__xss" in a.text]
    for aid in hostile:
        page.goto(f"{base_url}/article/{aid}")
        assert "<script>window.__xss = 1</script>" in page.inner_text(".text")
        for link in page.locator("a").all():
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        page.locator(".text").hover()
        assert xss_fired(page) is None
    shot(page, "app-hostile")
    page.goto(base_url + "/search?q=xss")
    assert page.locator("ol.results > li").count() == 2
    assert xss_fired(page) is None


def test_print_hides_navigation(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.emulate_media(media="print")
    assert page.locator("nav.top").is_hidden()
    assert page.locator("table.stories").is_visible()


def test_report_works_offline_and_navigates(page: Any, report_file: Path) -> None:
    asked: list[str] = []

    def deny(route: Any) -> None:
        asked.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:).*"), deny)
    page.goto(report_file.as_uri())
    assert page.locator("section.page:visible").count() == 1
    assert page.locator("#overview").is_visible()
    assert page.locator("svg.chart circle").count() >= 2
    shot(page, "report-overview")
    page.locator("#overview table.stories a", has_text="referendum").first.click()
    page.locator("section.page[id^='story-']:visible").wait_for()
    story = page.locator("section.page:visible")
    assert (story.get_attribute("id") or "").startswith("story-")
    assert story.locator(".column").count() >= 2
    shot(page, "report-story")
    page.go_back()
    page.locator("#overview").wait_for()
    assert page.locator("#overview").is_visible()
    page.fill("nav input[name=q]", "referendum")
    page.press("nav input[name=q]", "Enter")
    page.locator("#search ol.results > li").first.wait_for()
    assert page.locator("#search").is_visible()
    assert page.locator("#search ol.results > li").count() >= 2
    assert page.locator("#search ol.results mark").count() >= 1
    page.locator("#search ol.results a").first.click()
    # The page switches on the hash change: wait for it rather than race it.
    page.locator("section.page[id^='article-']:visible").wait_for()
    assert (page.locator("section.page:visible").get_attribute("id") or "").startswith("article-")
    page.goto(report_file.as_uri() + "#timeline")
    page.locator("#timeline li[data-first]:visible").first.wait_for()
    total = page.locator("#timeline li[data-first]:visible").count()
    page.fill("#timeline input[name=to]", "2022-06")
    assert 0 < page.locator("#timeline li[data-first]:visible").count() < total
    assert asked == []  # nothing outside the file was requested


def test_hostile_text_stays_text_in_the_report(page: Any, report_file: Path, web_db: str) -> None:
    with open_store(web_db) as store:
        hostile = [a.id for a in store.iter_articles() if "__xss" in a.text]
    html = report_file.read_text(encoding="utf-8")
    assert len(re.findall(r"<script", html)) == 1 and "<script>window" not in html
    # Self-contained: no element loads anything; the only <link> is the empty data: icon.
    assert not re.search(r"<(?:script|img|iframe|video|audio|source|embed|object)\b[^>]*\bsrc\s*=", html)
    assert re.findall(r"<link\b[^>]*>", html) == ['<link rel="icon" href="data:,">']
    assert "@import" not in html and "url(" not in html
    for aid in hostile:
        page.goto(f"{report_file.as_uri()}#article-{aid}")
        section = page.locator(f"#article-{aid}")
        assert section.is_visible()
        assert "__xss" in section.inner_text()
        section.hover()
        assert xss_fired(page) is None
    shot(page, "report-hostile")

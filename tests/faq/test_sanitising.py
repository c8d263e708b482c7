"""Staff Markdown is rendered once on save and cleaned: no payload survives into the page."""

import re
from html.parser import HTMLParser

import pytest

from faq.markdown import render_markdown
from tests.faq.factories import make_article

# Markdown and raw HTML a careless or hostile editor could paste into an article.
XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)><circle r=10 /></svg>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    '<a href="java&#9;script:alert(1)">tab</a><a href=" &#14; javascript:alert(1)">ctl</a>',
    "[click](&#106;avascript:alert(1))",
    '<a href="javascript&colon;alert(1)">click</a>',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onmouseover="alert(1)">hover</div>',
    '<form action="https://evil.example/"><input name="q"><button>go</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<body onload="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<a href="https://evil.example/" target="_blank">phish</a>',
    '## Heading {: onclick="alert(1)" }',
    'Paragraph\n{: style="color:red" onmouseover="alert(1)" }',
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<img src="http://evil.example/track.gif">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
]

SAFE_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def _scheme(url: str) -> str | None:
    """The scheme a browser would see (WHATWG URL: tabs and newlines dropped, ends trimmed)."""
    url = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _assert_clean(html: str, payload: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        where = f"<{tag} {attrs}> from {payload!r}"
        assert tag in SAFE_TAGS, where
        for name, value in attrs.items():
            assert not name.startswith("on"), where
            assert name not in {"style", "target", "srcdoc", "formaction"}, where
            if name in {"href", "src"}:
                scheme = _scheme(value or "")
                assert scheme is None or scheme in SAFE_SCHEMES, where
        if tag == "img" and "src" in attrs:  # an <img> left without src loads nothing
            assert attrs["src"].startswith(("/help/images/", "https://")), where


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload):
    _assert_clean(render_markdown(f"Текст до.\n\n{payload}\n\nТекст после."), payload)


@pytest.mark.django_db
def test_no_payload_survives_into_the_article_page(visitor_client):
    article = make_article(body_ru="\n\n".join(XSS_PAYLOADS), title_ru="Опасная статья")
    response = visitor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    article_html = body.split('<div class="faq-body">')[1].split("</div>\n</article>")[0]
    _assert_clean(article_html, "the whole corpus")
    # The only inline <script> on the page is the JSON-LD data block; any other is one of our
    # static files (the search log's insights.js, the "not helpful" form's feedback.js).
    tags = [part.split(">", 1)[0] for part in body.split("<script")[1:]]
    assert [tag for tag in tags if " src=" not in tag] == [' type="application/ld+json"']
    assert all(' src="/static/' in tag for tag in tags if " src=" in tag)
    assert '<script type="application/ld+json">' in body


def test_markdown_is_rendered_with_heading_anchors_lists_and_tables():
    html = render_markdown(
        "# Как позвонить\n\nТекст.\n\n1. раз\n2. два\n\n"
        "| Кому | Телефон |\n|:--|--:|\n| Всем | 8 800 |"
    )
    assert '<h2 id="как-позвонить">Как позвонить</h2>' in html  # "#" is <h2>: <h1> is the title
    assert "<ol>" in html and "<li>раз</li>" in html
    assert '<th align="left">Кому</th>' in html  # align="", not style="" (CSP)


def test_external_links_get_noopener_and_own_links_do_not():
    html = render_markdown(
        "[внешняя](https://example.org/page) [своя](/contacts/) "
        "[своя полная](http://127.0.0.1:8000/help/) [почта](mailto:tp@qiwi.com) "
        "[телефон](tel:+78007077759) [без схемы](//evil.example/)"
    )
    assert '<a href="https://example.org/page" rel="noopener nofollow">внешняя</a>' in html
    assert '<a href="/contacts/">своя</a>' in html
    assert '<a href="http://127.0.0.1:8000/help/">своя полная</a>' in html
    assert '<a href="mailto:tp@qiwi.com">почта</a>' in html
    assert '<a href="tel:+78007077759">телефон</a>' in html
    assert '<a href="//evil.example/" rel="noopener nofollow">без схемы</a>' in html


def test_images_only_from_our_uploads_or_https():
    html = render_markdown(
        "![наша](/help/images/0123456789abcdef0123456789abcdef.png) "
        "![чужая](https://cdn.example.org/a.png) ![http](http://cdn.example.org/a.png) "
        "![относительная](../../media/a.png)"
    )
    assert 'src="/help/images/0123456789abcdef0123456789abcdef.png"' in html
    assert 'src="https://cdn.example.org/a.png"' in html
    assert 'src="http://' not in html
    assert "../../media" not in html


@pytest.mark.django_db
def test_html_is_rendered_once_on_save_per_language():
    article = make_article(body_ru="**Жирный** текст", body_en="**Bold** text")
    assert article.body_html_ru == "<p><strong>Жирный</strong> текст</p>"
    assert article.body_html_en == "<p><strong>Bold</strong> text</p>"
    assert article.body_text_ru == "Жирный текст"
    article.body_ru = "Новый <script>x</script>текст"
    article.save()
    article.refresh_from_db()
    assert article.body_html_ru == "<p>Новый текст</p>"

"""Article bodies are cleaned to an allow-list: nothing a browser would execute survives, Vietnamese content does."""

import re
import unicodedata
from html.parser import HTMLParser

import pytest

from editorial.sanitize import ALLOWED_TAGS, sanitize_html
from tests.editorial_media.factories import ArticleFactory

# OWASP XSS filter evasion cheat sheet style payloads, plus mutation-XSS tricks against sanitisers.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;1&#41;>",
    '<a href="jav&#x09;ascript:alert(1)">bấm vào đây</a>',
    '<a href="jav&#x0A;ascript:alert(1)">bấm vào đây</a>',
    '<a href="jav\tascript:alert(1)">tab</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href=" &#14;  javascript:alert(1)">leading control characters</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex entities</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058'
    'alert(1)">long decimal entities</a>',
    '<a href="javascript&colon;alert(1)">named entity colon</a>',
    '<a href="java\x00script:alert(1)">null byte</a>',
    '<a href="JAVASCRIPT:alert(1)">upper case</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data URL</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data URL, raw</a>',
    '<a href="vbscript:msgbox(1)">vbscript</a>',
    '<a href="VbScRiPt&#58;msgbox(1)">vbscript, obfuscated</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
    '<iframe src="http://www.youtube.com/embed/x"></iframe>',
    '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)"><script>alert(2)</script></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<object type="text/x-scriptlet" data="https://evil.example/x.sct"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<style>body{display:none}</style><p>Nội dung</p>",
    '<p style="display:none">Nội dung bị ẩn</p>',
    '<p style="width: expression(alert(1))">IE expression</p>',
    '<img src="/media/a.jpg" style="position:fixed;top:0;left:0;width:100%;height:100%">',
    '<form action="javascript:alert(1)"><input type="submit" formaction="javascript:alert(2)"></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<a href="/tin-tuc/" onmouseover="alert(1)">internal link with a handler</a>',
    "<x onclick=alert(1)>unknown tag</x>",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="/media/x.jpg" onerror="alert(1)"',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<img src="https://evil.example/media/track.gif">',
    '<img src="//evil.example/media/track.gif">',
    '<img src="/media/../admin/logout/">',
    '<a href="/x">\u0338 onmouseover=alert(1) x</a>',
    '<a href="/x">&#x338; onmouseover=alert(1) x</a>',
    '<a id="__proto__" name="getElementById" href="/">DOM clobbering</a>',
    '<p onclick="alert(1)" class="x">paragraph handler</p>',
    '<p hidden aria-hidden="true">hidden by attribute</p>',
    '<font color="white" size="1">white text</font>',
    "<plaintext><img src=x onerror=alert(1)>",
    "<p>a<plaintext></p><script>alert(1)</script>",
    "<listing><img src=x onerror=alert(1)></listing>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<iframe src="https://www.youtube.com/embed/x"><img src="/media/a.jpg" onerror="alert(1)"></iframe>',
]

URL_ATTRIBUTES = {"href", "src"}
FORBIDDEN_SCHEMES = re.compile(r"^(javascript|vbscript|data|file):")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parsed_tags(html):
    collector = _Collect()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_inert(html):
    """Nothing a browser would run or load from elsewhere: allowed tags, no handlers/styles, safe URLs only."""
    for tag, attrs in parsed_tags(html):
        assert tag in ALLOWED_TAGS, f"tag <{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
            assert name not in {"style", "srcdoc", "id", "name", "formaction", "action", "background"}, html
            if name in URL_ATTRIBUTES:
                compact = re.sub(r"[\x00-\x20\x7f-\x9f]", "", value or "").lower()
                assert not FORBIDDEN_SCHEMES.match(compact), f"{name}={value!r} survived in {html!r}"
        if tag == "img":
            assert attrs["src"].startswith("/media/") and ".." not in attrs["src"], html
        if tag == "iframe":
            assert attrs["src"].startswith("https://www.youtube.com/embed/"), html
            assert "sandbox" in attrs, html
    assert "<script" not in html.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_leaves_nothing_executable(payload):
    cleaned = sanitize_html(payload)
    assert_inert(cleaned)
    assert sanitize_html(cleaned) == cleaned


def test_there_are_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize(
    "payload, expected",
    [
        ('<a href="jav&#x09;ascript:alert(1)">bấm vào đây</a>', "<a>bấm vào đây</a>"),
        ("<style>body{display:none}</style><p>Nội dung</p>", "<p>Nội dung</p>"),
        ('<p style="display:none">Nội dung bị ẩn</p>', "<p>Nội dung bị ẩn</p>"),
        ("<script>alert(1)</script><p>Tin</p>", "<p>Tin</p>"),
        ('<img src="https://evil.example/media/track.gif"><p>Tin</p>', "<p>Tin</p>"),
        ('<a href="/x">\u0338 onmouseover=alert(1) x</a>', '<a href="/x"></a>'),
        ("<p>Cà\x00 Mau</p>", "<p>Cà Mau</p>"),
        ('<a href="java\x00script:alert(1)">null byte</a>', "<a>null byte</a>"),
        ("<h1>Tiêu đề</h1>", "Tiêu đề"),
        ('<p hidden aria-hidden="true">Thông báo</p>', "<p>Thông báo</p>"),
    ],
)
def test_what_remains_of_a_payload_is_its_harmless_text(payload, expected):
    assert sanitize_html(payload) == expected


LEGITIMATE_BODY = (
    "<h2>Tỉnh Cà Mau đẩy mạnh chuyển đổi số</h2>"
    "<p>Ngày 20/11/2026, <strong>Ủy ban nhân dân tỉnh</strong> tổ chức hội nghị <em>sơ kết</em> "
    "công tác chuyển đổi số; CO<sub>2</sub> giảm 10<sup>3</sup> tấn.</p>"
    "<h3>Kết quả nổi bật</h3>"
    "<ul><li>100% hồ sơ được tiếp nhận trực tuyến</li><li>Đường truyền đến 64 xã, phường</li></ul>"
    '<ol start="2"><li>Triển khai <u>định danh</u> điện tử</li><li><s>Giấy tờ</s> số hóa</li></ol>'
    "<blockquote><p>“Người dân là trung tâm của chuyển đổi số.”</p></blockquote>"
    '<figure class="table"><table><caption>Bảng 1. Kết quả theo đơn vị</caption>'
    '<thead><tr><th scope="col">Đơn vị</th><th scope="col">Tỷ lệ</th></tr></thead>'
    '<tbody><tr><td>Thành phố Cà Mau</td><td rowspan="2">98%</td></tr>'
    "<tr><td>Huyện Đầm Dơi</td></tr></tbody>"
    '<tfoot><tr><td colspan="2">Nguồn: Sở Khoa học và Công nghệ</td></tr></tfoot></table></figure>'
    '<figure class="image"><img src="/media/articles/2026/11/hoi-nghi.jpg" alt="Quang cảnh hội nghị" '
    'width="1280" height="720"><figcaption>Quang cảnh hội nghị chuyển đổi số</figcaption></figure>'
    '<p>Xem thêm <a href="/tin-tuc/chuyen-doi-so/">chuyên mục Chuyển đổi số</a>, '
    '<a href="https://sokhcn.camau.gov.vn/van-ban/">văn bản của Sở</a>, '
    'liên hệ <a href="mailto:sokhcn@camau.gov.vn">sokhcn@camau.gov.vn</a> hoặc '
    '<a href="tel:+842903831069">0290 3831 069</a>.</p>'
    "<hr><h4>Ghi chú</h4><h5>Mã nguồn</h5><h6>Cấu hình</h6>"
    "<pre><code>if (a &lt; b) { return; }</code></pre>"
    "<p>Dòng một<br>Dòng hai</p>"
)


# The only change: images in a body are lazy-loaded.
LEGITIMATE_BODY_SANITISED = LEGITIMATE_BODY.replace('height="720">', 'height="720" loading="lazy" decoding="async">')


def test_legitimate_vietnamese_content_survives_intact():
    assert LEGITIMATE_BODY_SANITISED != LEGITIMATE_BODY
    assert sanitize_html(LEGITIMATE_BODY) == LEGITIMATE_BODY_SANITISED
    assert sanitize_html(LEGITIMATE_BODY_SANITISED) == LEGITIMATE_BODY_SANITISED


def test_external_links_get_noopener_noreferrer_and_ours_do_not():
    cleaned = sanitize_html(
        '<p><a href="https://baochinhphu.vn/tin">Báo Chính phủ</a> '
        '<a href="https://camau.gov.vn/tin">Cổng tỉnh</a> <a href="/lien-he/">Liên hệ</a></p>'
    )
    assert cleaned == (
        '<p><a href="https://baochinhphu.vn/tin" rel="noopener noreferrer">Báo Chính phủ</a> '
        '<a href="https://camau.gov.vn/tin">Cổng tỉnh</a> <a href="/lien-he/">Liên hệ</a></p>'
    )


def test_a_rel_written_by_the_author_is_replaced():
    cleaned = sanitize_html('<a href="https://example.org/" rel="opener">x</a>')
    assert cleaned == '<a href="https://example.org/" rel="noopener noreferrer">x</a>'


def test_images_from_an_absolute_media_url_are_kept(settings):
    settings.MEDIA_URL = "https://static.camau.gov.vn/media/"
    body = '<img src="https://static.camau.gov.vn/media/a.jpg" alt="Ảnh"><img src="https://other.example/a.jpg">'
    assert sanitize_html(body) == (
        '<img src="https://static.camau.gov.vn/media/a.jpg" alt="Ảnh" loading="lazy" decoding="async">'
    )


def test_youtube_embeds_are_kept_sandboxed_lazy_and_titled():
    cleaned = sanitize_html(
        '<iframe src="https://www.youtube-nocookie.com/embed/abc123" width="560" height="315" '
        'allow="camera; microphone" style="display:none"></iframe>'
    )
    (tag, attrs) = parsed_tags(cleaned)[0]
    assert tag == "iframe"
    assert attrs["src"] == "https://www.youtube-nocookie.com/embed/abc123"
    assert attrs["sandbox"] == "allow-scripts allow-same-origin allow-presentation allow-popups"
    assert attrs["loading"] == "lazy"
    assert attrs["title"] == "Video nhúng"
    assert "allow" not in attrs and "style" not in attrs


def test_iframe_hosts_come_from_settings(settings):
    body = '<iframe src="https://video.camau.gov.vn/embed/42" title="Phóng sự"></iframe>'
    assert sanitize_html(body) == ""
    settings.EDITORIAL_IFRAME_HOSTS = ["video.camau.gov.vn"]
    assert 'src="https://video.camau.gov.vn/embed/42" title="Phóng sự"' in sanitize_html(body)
    assert sanitize_html('<iframe src="https://www.youtube.com/embed/x"></iframe>') == ""


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", "<p>Tiếng Việt có dấu: Đường Hùng Vương</p>")
    cleaned = sanitize_html(decomposed)
    assert cleaned == "<p>Tiếng Việt có dấu: Đường Hùng Vương</p>"
    assert unicodedata.is_normalized("NFC", cleaned)


@pytest.mark.django_db
def test_saving_an_article_sanitises_its_body():
    article = ArticleFactory(
        body=unicodedata.normalize("NFD", '<p onclick="alert(1)">Nội dung</p><script>alert(1)</script>')
    )
    article.refresh_from_db()
    assert article.body == "<p>Nội dung</p>"


@pytest.mark.django_db
def test_saving_an_article_keeps_a_clean_body_unchanged():
    article = ArticleFactory(body=LEGITIMATE_BODY)
    article.refresh_from_db()
    assert article.body == LEGITIMATE_BODY_SANITISED

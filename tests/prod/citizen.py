"""What a citizen and a board member do through nginx, as small helpers over a requests session."""

import html
import re
from html.parser import HTMLParser

from feedback.spam import NUMBERS

from .conftest import csrf_token

ASK = "/hoi-dap/gui-cau-hoi/"
CHALLENGE = re.compile(r"(\w+) cộng (\w+) bằng mấy")
CODE = re.compile(r'<p class="fb-code">([^<]+)</p>')
FIELD_OPTION = re.compile(r'<select name="field"[^>]*>.*?<option value="(\d+)"', re.S)


def challenge_answer(page):
    """The sum the form shows, as a number, or None when it shows no challenge."""
    match = CHALLENGE.search(html.unescape(page))
    return NUMBERS.index(match.group(1)) + NUMBERS.index(match.group(2)) if match else None


def question_fields(page, email, **overrides):
    data = {
        "csrfmiddlewaretoken": csrf_token(page),
        "name": "Nguyễn Văn An",
        "email": email,
        "phone": "0912345678",
        "address": "Phường 5, Cà Mau",
        "field": FIELD_OPTION.search(page).group(1),
        "title": "Thủ tục cấp giấy phép xây dựng nhà ở",
        "body": "Xin hỏi hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ gồm những giấy tờ gì?",
        "consent": "on",
        "website": "",
    }
    answer = challenge_answer(page)
    if answer is not None:
        data["challenge"] = str(answer)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def ask(session, email, **overrides):
    """GET the form, POST a question (solving the challenge if shown); the final response."""
    form = session.get(ASK)
    assert form.status_code == 200, form.status_code
    return session.post(ASK, data=question_fields(form.text, email, **overrides))


def tracking_code(page):
    match = CODE.search(page)
    assert match, "the page shows no tracking code"
    return match.group(1).strip()


def admin_login(session, username, password):
    """Sign a staff member in through /admin/login/; the response of the POST (after redirects)."""
    form = session.get("/admin/login/?next=/admin/")
    return session.post(
        "/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": csrf_token(form.text), "username": username, "password": password},
    )


class _FormFields(HTMLParser):
    """The values a browser would send for the form with this id (file inputs left out)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.fields, self._in_form, self._select, self._textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self._in_form = True
        if not self._in_form or not a.get("name"):
            if tag == "option" and self._select and ("selected" in a or self._select not in self.fields):
                self.fields[self._select] = a.get("value", "")
            return
        if tag == "input" and a.get("type") not in ("file", "submit", "button", "checkbox", "radio"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_fields(page, form_id):
    parser = _FormFields(form_id)
    parser.feed(page)
    return parser.fields

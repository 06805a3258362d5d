"""Spam policy of the public question form, kept out of the view (docs/decisions/0712).

- Every POST of the form counts one attempt per address. From the `FEEDBACK_CHALLENGE_AFTER`-th attempt in an
  hour the form shows an arithmetic challenge; from the next one the answer is required.
- The challenge is one pair of numbers kept in the session until a question is sent: the sum shown is always the
  sum checked, however many submissions fail (a wrong answer is cleared, the sum stays).
- Per address and per email address, at most `FEEDBACK_RATE_PER_IP` / `FEEDBACK_RATE_PER_EMAIL` questions an hour.

Counters go through `components.ratelimit` (django-ratelimit on the cache, the database when Redis is down) and
are keyed on `components.clientip.client_ip`.
"""

import secrets

from django.conf import settings
from django.utils.translation import gettext as _

from components import ratelimit

HOUR = 3600
CHALLENGE_KEY = "feedback_challenge"
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

ATTEMPTS = "feedback-attempt"
SENT_IP = "feedback-sent-ip"
SENT_EMAIL = "feedback-sent-email"


def _attempts(request, ip, *, increment):
    return ratelimit.hit(
        request, ATTEMPTS, ip, limit=settings.FEEDBACK_CHALLENGE_AFTER, period=HOUR, increment=increment
    )


def challenge(request):
    """(label, expected answer) of this visitor's challenge: the stored pair, or a new one stored now."""
    pair = request.session.get(CHALLENGE_KEY)
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, int) and 0 <= n <= 9 for n in pair)):
        pair = [secrets.randbelow(9) + 1, secrets.randbelow(9) + 1]
        request.session[CHALLENGE_KEY] = pair
    a, b = pair
    label = _("Phép tính kiểm tra: %(a)s cộng %(b)s bằng mấy? (nhập số)") % {"a": NUMBERS[a], "b": NUMBERS[b]}
    return label, a + b


class Gate:
    """What the policy decided for one request of the form."""

    def __init__(self, request, ip, *, submitting):
        self.request = request
        self.ip = ip
        attempts = _attempts(request, ip, increment=submitting)
        # A GET shows the challenge once the visitor has used up the free attempts; a POST must answer it when it
        # is beyond them (the challenge was on the page it came from).
        self.show_challenge = attempts >= settings.FEEDBACK_CHALLENGE_AFTER
        self.require_challenge = submitting and attempts > settings.FEEDBACK_CHALLENGE_AFTER
        self.had_challenge = bool(request.session.get(CHALLENGE_KEY)) if self.require_challenge else False
        self.challenge = challenge(request) if self.show_challenge else None

    def refusal(self, email):
        """None, or (field, message, status) when this address or email address has sent too many questions."""
        ip, email = self.ip, (email or "").strip().lower()
        if ratelimit.hit(
            self.request, SENT_IP, ip, limit=settings.FEEDBACK_RATE_PER_IP, period=HOUR, increment=False
        ) >= (settings.FEEDBACK_RATE_PER_IP):
            return None, _("Địa chỉ của bạn đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau."), 429
        sent = ratelimit.hit(
            self.request, SENT_EMAIL, email, limit=settings.FEEDBACK_RATE_PER_EMAIL, period=HOUR, increment=False
        )
        if sent >= settings.FEEDBACK_RATE_PER_EMAIL:
            return "email", _("Thư điện tử này đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau."), 429
        return None

    def sent(self, email):
        """A question was stored: count it, and the next question starts without a known challenge."""
        email = (email or "").strip().lower()
        ratelimit.hit(self.request, SENT_IP, self.ip, limit=settings.FEEDBACK_RATE_PER_IP, period=HOUR)
        ratelimit.hit(self.request, SENT_EMAIL, email, limit=settings.FEEDBACK_RATE_PER_EMAIL, period=HOUR)
        self.request.session.pop(CHALLENGE_KEY, None)

"""Spam policy of the public question form, kept out of the view (docs/decisions/0712).

- Every POST of the form counts one attempt per address. From the `FEEDBACK_CHALLENGE_AFTER`-th attempt in an
  hour the form shows an arithmetic challenge; from the next one the answer is required.
- The challenge is one pair of numbers kept in the session until a question is sent: the sum shown is always the
  sum checked, however many submissions fail (a wrong answer is cleared, the sum stays).
- Per address and per email address, at most `FEEDBACK_RATE_PER_IP` / `FEEDBACK_RATE_PER_EMAIL` questions an hour.
  `services.question_submit` asks `check_limits` before storing and calls `count_question` after, so every caller
  of the service gets the limits (docs/decisions/0821); the challenge, which needs the visitor's page and session,
  stays with the form (`Gate`).

Counters go through `components.ratelimit` (django-ratelimit on the cache, the database when Redis is down) and
are keyed on `components.clientip.client_ip`.
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from components import ratelimit

HOUR = 3600
CHALLENGE_KEY = "feedback_challenge"
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

ATTEMPTS = "feedback-attempt"
SENT_IP = "feedback-sent-ip"
SENT_EMAIL = "feedback-sent-email"

logger = logging.getLogger(__name__)


class TooManyQuestions(ValidationError):
    """This address (`field` None) or email address (`field` "email") sent too many questions in the hour; nothing
    was stored. The form answers 429 with the message next to `field`."""

    def __init__(self, message, *, field=None):
        super().__init__(message, code="rate_limited")
        self.field = field


def _normal(email):
    return (email or "").strip().lower()


def check_limits(*, ip, email) -> None:
    """Raise TooManyQuestions when `ip` or `email` has sent its hourly allowance of questions (only reads)."""
    sent_ip = ratelimit.hit(None, SENT_IP, ip, limit=settings.FEEDBACK_RATE_PER_IP, period=HOUR, increment=False)
    if sent_ip >= settings.FEEDBACK_RATE_PER_IP:
        raise TooManyQuestions(_("Địa chỉ của bạn đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau."))
    sent_email = ratelimit.hit(
        None, SENT_EMAIL, _normal(email), limit=settings.FEEDBACK_RATE_PER_EMAIL, period=HOUR, increment=False
    )
    if sent_email >= settings.FEEDBACK_RATE_PER_EMAIL:
        raise TooManyQuestions(
            _("Thư điện tử này đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau."), field="email"
        )


def count_question(*, ip, email) -> None:
    """A question was stored: count it against `ip` and `email`. Never raises: the question is saved already."""
    try:
        ratelimit.hit(None, SENT_IP, ip, limit=settings.FEEDBACK_RATE_PER_IP, period=HOUR)
        ratelimit.hit(None, SENT_EMAIL, _normal(email), limit=settings.FEEDBACK_RATE_PER_EMAIL, period=HOUR)
    except Exception:
        logger.exception("A stored question could not be counted against its sender's limits")


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

    def question_saved(self):
        """A question was stored: the next question starts without a known challenge."""
        self.request.session.pop(CHALLENGE_KEY, None)

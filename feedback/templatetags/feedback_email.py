"""Dates in citizens' emails, written the way the email's language writes them.

The format is itself a translated string (Vietnamese "07/12/2026", English "7 December 2026": day first and the
month spelled out, so a reader anywhere cannot swap day and month); month names come from Django's catalogue of the
active language. notifications._render activates the citizen's language around the whole email.
"""

import datetime as dt

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import pgettext

register = template.Library()


def email_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return dateformat.format(value, pgettext("email date format", "d/m/Y"))


def email_datetime(value) -> str:
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return dateformat.format(value, pgettext("email date and time format", "d/m/Y H:i"))


register.filter("email_date", email_date, expects_localtime=True)
register.filter("email_datetime", email_datetime, expects_localtime=True)

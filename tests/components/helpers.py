"""Helpers other apps' tests may import when they sign in through the real login form.

- `exempt_from_mfa(user)`: mark an account as a demo account (no second factor, no forced password change),
  for tests about something else than sign-in.
- `totp_token(device)`: the current code of a TOTP device, for tests that go through the verify step.
"""

from django_otp.oath import TOTP

from components.models import AccountProfile


def exempt_from_mfa(user):
    AccountProfile.objects.update_or_create(user=user, defaults={"is_demo": True})
    return user


def totp_token(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"

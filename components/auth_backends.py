"""django-axes in front of the model backend.

Axes refuses to authenticate without a request. Logins through a form always pass one; a call
without a request (the test client's `login()`, a management shell) is not a brute-force channel,
so it falls through to the next backend instead of crashing.
"""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

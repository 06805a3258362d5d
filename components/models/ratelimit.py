"""Rate-limit hits kept in the database, used only while the cache (Redis) does not answer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitHit(models.Model):
    """One counted request. `key` is a keyed hash of (limit name, address or email): no address is stored."""

    key = models.CharField(_("khóa"), max_length=64)
    at = models.DateTimeField(_("thời điểm"), db_index=True)

    class Meta:
        verbose_name = _("lượt giới hạn tần suất")
        verbose_name_plural = _("lượt giới hạn tần suất")
        indexes = [models.Index(fields=["key", "at"], name="ratelimit_key_at")]

    def __str__(self):
        return f"{self.key[:8]}… {self.at:%Y-%m-%d %H:%M}"

"""Data the public site itself keeps: anonymous satisfaction ratings (Nghị định 224/2026)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from components.models import Portal


class SatisfactionRating(models.Model):
    """One anonymous vote (1–5) by one visitor on one page. The visitor is a salted hash, never a person."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("trang"), max_length=500, help_text=_("Đường dẫn của trang được đánh giá."))
    score = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=[(n, str(n)) for n in range(1, 6)])
    visitor_hash = models.CharField(_("mã ẩn danh người đánh giá"), max_length=64)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "path", "visitor_hash"], name="one_rating_per_visitor_page"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]
        indexes = [models.Index(fields=["portal", "path"], name="rating_portal_path")]

    def __str__(self):
        return f"{self.path}: {self.score}/5"

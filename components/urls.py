"""Back-office account pages (mounted under /admin/tai-khoan/ by portal/urls.py)."""

from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("xac-thuc-hai-buoc/", views.mfa_enrol, name="mfa_enrol"),
    path("xac-thuc/", views.mfa_verify, name="mfa_verify"),
    path("hoat-dong/", views.activity, name="activity"),
]

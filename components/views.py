"""Back-office sign-in: password, then a TOTP code for those who need one; TOTP enrolment."""

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security
from .accounts import has_second_factor, is_demo, mfa_required
from .audit import security_log
from .models import SecurityEvent

MFA_MAX_FAILURES = 5


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


def _safe_next(request, default):
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


class SecureLoginView(LoginView):
    """Django's admin login, holding back the session until the second factor is given."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if not is_demo(user) and has_second_factor(user):
            self.request.session[security.PENDING] = {
                "user_id": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "failures": 0,
            }
            return redirect("security:mfa_verify")
        auth_login(self.request, user)
        if mfa_required(user):
            self.request.session[security.MFA_ENROL] = True
            return redirect(f"{reverse('security:mfa_enrol')}?{urlencode({'next': self.get_success_url()})}")
        return redirect(self.get_success_url())


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_view(request):
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return redirect("admin:index")
    context = {
        **site.each_context(request),
        "title": _("Đăng nhập"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        # Signing in lands on the user's work (ADMIN_LANDING_URL_NAME, editorial's "Việc của tôi"), not the app index.
        context[REDIRECT_FIELD_NAME] = reverse(getattr(settings, "ADMIN_LANDING_URL_NAME", "admin:index"))
    request.current_app = site.name
    return SecureLoginView.as_view(extra_context=context)(request)


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def mfa_verify(request):
    pending = request.session.get(security.PENDING)
    if not pending:
        return redirect("admin:login")
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None:
        request.session.pop(security.PENDING, None)
        return redirect("admin:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            request.session.pop(security.PENDING, None)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending.get("next") or reverse("admin:index"))
        pending["failures"] = pending.get("failures", 0) + 1
        security_log(SecurityEvent.Kind.MFA_FAILED, actor=user, request=request, message=_("Mã xác thực hai bước sai."))
        if pending["failures"] >= MFA_MAX_FAILURES:
            request.session.pop(security.PENDING, None)
            messages.error(request, _("Nhập sai mã xác thực quá nhiều lần. Vui lòng đăng nhập lại."))
            return redirect("admin:login")
        request.session[security.PENDING] = pending
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    context = {
        **admin.site.each_context(request),
        "title": _("Xác thực hai bước"),
        "form": form,
        "username": user.get_username(),
    }
    return render(request, "components/security/mfa_verify.html", context)


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required(login_url="admin:login")
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def mfa_enrol(request):
    user = request.user
    next_url = _safe_next(request, reverse("admin:index"))
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None and request.user.is_verified():
        request.session.pop(security.MFA_ENROL, None)
        return render(
            request,
            "components/security/mfa_enrol.html",
            {**admin.site.each_context(request), "title": _("Xác thực hai bước"), "enrolled": True},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            request.session.pop(security.MFA_ENROL, None)
            security_log(SecurityEvent.Kind.MFA_ENROLLED, actor=user, request=request)
            messages.success(request, _("Đã bật xác thực hai bước cho tài khoản."))
            return redirect(next_url)
        form.add_error("token", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại và nhập mã mới."))
    context = {
        **admin.site.each_context(request),
        "title": _("Đăng ký xác thực hai bước"),
        "form": form,
        "qr_svg": mark_safe(qr_svg(device.config_url)),  # generated SVG, no user input inside but the URL
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "required": mfa_required(user),
        "next": next_url,
        "enrolled": False,
    }
    return render(request, "components/security/mfa_enrol.html", context)


@require_POST
def activity(request):
    """Typing in a form (static/components/js/activity.js): the security middleware has already moved the
    idle clock; this only answers. Anonymous callers get 403, so an ended session is not revived."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    return HttpResponse(status=204)

"""Generic views that apply scope first, plus the pages core owns."""

from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from . import audit_events
from .access import may
from .api.tokens import token_revoke_all
from .audit import audit
from .choices import Action
from .events import label_of
from .exceptions import ConcurrentEditError
from .forms import StyledFormMixin
from .health import run_checks
from .models import AuditEvent, TaskRun
from .numbers import parse_id


class ScopedQuerysetMixin:
    """``get_queryset`` restricts to what ``request.user`` may ``scope_action``."""

    scope_action = "view"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.scope_action)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 25


def get_scoped_object(request, model_or_qs, action="view", **lookup):
    """The object if the user may ``action`` it; otherwise 404, as if it did not exist."""
    qs = model_or_qs.objects.all() if hasattr(model_or_qs, "objects") else model_or_qs
    return get_object_or_404(qs.restrict(request.user, action), **lookup)


def apply_service_errors(form, exc):
    """Copy a service's ValidationError onto a form so the page shows it by field."""
    if isinstance(exc, ConcurrentEditError):
        form.add_error(None, exc.messages[0])
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def success(request, text):
    messages.success(request, text)


# ---------------------------------------------------------------- object pages registry

_object_pages = {}


def register_object_page(object_type, url_name):
    """Let the history page link back to an object: ``register_object_page("org.person", "person-detail")``."""
    _object_pages[object_type] = url_name


def object_page_url(object_type, object_id):
    url_name = _object_pages.get(object_type)
    if url_name is None:
        return None
    try:
        return reverse(url_name, args=[object_id])
    except NoReverseMatch:
        return None


# ---------------------------------------------------------------- accounts


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit(actor=self.request.user, action=audit_events.USER_PASSWORD_CHANGE, obj=self.request.user)
            # API tokens issued with the old password stop working with it.
            token_revoke_all(actor=self.request.user, user=self.request.user, reason="修改密码")
        success(self.request, "密码已修改。")
        return response


# ---------------------------------------------------------------- audit


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="对象名称或动作")
    action = forms.ChoiceField(label="动作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    actor = forms.CharField(label="操作人", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput())

    def __init__(self, *args, actions=(), object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *((a, label_of(a)) for a in actions)]
        self.fields["object_type"].choices = [("", "全部"), *((t, _type_label(t)) for t in object_types)]


def _type_label(object_type):
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditListView(ScopedListView):
    """The global audit trail, for administrators (anyone else: 404)."""

    model = AuditEvent
    template_name = "core/audit_list.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        if not may(request.user, Action.VIEW, AuditEvent):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        kinds = AuditEvent.objects.order_by().values_list("action", "object_type").distinct()
        actions = sorted({a for a, _ in kinds})
        types = sorted({t for _, t in kinds})
        self.filter_form = AuditFilterForm(self.request.GET or None, actions=actions, object_types=types)
        qs = super().get_queryset()
        if not self.filter_form.is_valid():
            return qs
        data = self.filter_form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(action__icontains=data["q"]) | Q(object_repr__icontains=data["q"]))
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["object_type"]:
            qs = qs.filter(object_type=data["object_type"])
        if data["actor"]:
            qs = qs.filter(actor_name__icontains=data["actor"].strip())
        if data["date_from"]:
            qs = qs.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            qs = qs.filter(at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        for event in context["object_list"]:
            event.page_url = object_page_url(event.object_type, event.object_id)
        return context


def object_history(request, object_type, object_id):
    """History of one object: visible to whoever may view the object itself."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        raise Http404 from None
    if not hasattr(model.objects, "restrict") or not parse_id(object_id):
        raise Http404
    obj = get_scoped_object(request, model, pk=object_id)
    events = list(AuditEvent.objects.for_object(obj)[:200])
    context = {
        "object": obj,
        "events": events,
        "object_url": object_page_url(model._meta.label_lower, obj.pk),
        "type_label": model._meta.verbose_name,
    }
    return render(request, "core/object_history.html", context)


# ---------------------------------------------------------------- tasks


def task_detail(request, pk):
    """A background task's progress; htmx polls the fragment until it finishes."""
    run = get_scoped_object(request, TaskRun, pk=pk)
    template = "core/_task_progress.html" if request.htmx else "core/task_detail.html"
    return render(request, template, {"run": run})


def favicon(request):
    """Pages name their icon; this answers browsers and error pages that ask for the old default anyway.

    The address is resolved per request: with hashed static names it exists only once collected."""
    return HttpResponsePermanentRedirect(static("vanguard/favicon.svg"))


@never_cache
def healthz(request):
    """For the load balancer: 200 when database, cache, queue and disk are all fine, else 503 naming the failure."""
    ok, checks = run_checks()
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)


def ping(request):
    """The cheapest signed-in page: session, user and middleware, no query of its own.

    The floor a page is measured against (``bench/load.py``); anonymous users are sent to the login."""
    return HttpResponse("ok", content_type="text/plain")

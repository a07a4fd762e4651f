"""Generic views that apply scope first, plus the pages core owns."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.views.generic import DetailView, ListView

from .audit import audit
from .exceptions import ConcurrentEditError
from .models import AuditEvent, TaskRun
from .scope import get_scope


class ScopedQuerysetMixin:
    """``get_queryset`` restricts to what ``request.user`` may ``scope_action``."""

    scope_action = "view"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.scope_action)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 25


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    pass


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



class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit(actor=self.request.user, action="user.password_change", obj=self.request.user)
        success(self.request, "密码已修改。")
        return response


class AuditListView(ScopedListView):
    """The global audit trail, for administrators (others see an empty page → 404)."""

    model = AuditEvent
    template_name = "core/audit_list.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        if not get_scope(request.user).is_global_admin:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = super().get_queryset().select_related("actor")
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(action__icontains=q) | Q(object_repr__icontains=q) | Q(actor_name__icontains=q))
        return qs


def object_history(request, object_type, object_id):
    """History of one object: visible to whoever may view the object itself."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        raise Http404 from None
    obj = get_scoped_object(request, model, pk=object_id)
    events = AuditEvent.objects.for_object(obj).select_related("actor")[:200]
    return render(request, "core/object_history.html", {"object": obj, "events": events})


def task_detail(request, pk):
    """A background task's progress; htmx polls the fragment until it finishes."""
    run = get_scoped_object(request, TaskRun, pk=pk)
    template = "core/_task_progress.html" if request.htmx else "core/task_detail.html"
    return render(request, template, {"run": run})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")

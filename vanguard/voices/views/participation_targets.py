"""参与目标: the company's default and the units' own targets, and the form that sets one (the office)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.forms import StyledFormMixin
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.forms import TreeNodeChoiceField
from vanguard.org.models import Unit

from ..models import ParticipationTarget
from ..services import participation as services

MAX_SHOWN = 200  # units with a target of their own: a few dozen in practice


class TargetForm(StyledFormMixin, forms.Form):
    unit = TreeNodeChoiceField(
        label="单位", queryset=Unit.objects.none(), required=False, empty_label="全公司默认",
        help_text="下级单位没有自己的目标时,按最近上级单位的目标考核。",
    )  # fmt: skip
    per_head = forms.DecimalField(label="人均建议数(条/年)", min_value=0, max_value=100, decimal_places=2)
    participation = forms.DecimalField(label="参与率目标(%)", min_value=0, max_value=100, decimal_places=2)
    implementation = forms.DecimalField(label="实施率目标(%)", min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def participation_targets(request):
    if not may(request.user, Action.VIEW, ParticipationTarget):
        raise Http404
    may_set = may(request.user, Action.CHANGE, ParticipationTarget)
    units = Unit.objects.restrict(request.user).order_by("path")
    initial = None
    if request.method == "GET" and request.GET.get("unit"):
        unit = get_scoped_object(request, Unit, pk=request.GET["unit"])
        current = ParticipationTarget.objects.filter(unit=unit).first()
        initial = {"unit": unit, **({k: getattr(current, k) for k in services.FIGURES} if current else {})}
    form = TargetForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        if not may_set:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.participation_target_set(actor=request.user, unit=data["unit"], data=data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, f"已保存{data['unit'] or '全公司默认'}的参与目标。")
                return redirect("suggestion-participation-targets")
    targets = list(ParticipationTarget.objects.select_related("unit").order_by("unit__path")[:MAX_SHOWN])
    context = {"targets": targets, "form": form if may_set else None, "may_set": may_set}
    return render(request, "voices/participation_targets.html", context)


@require_POST
def participation_target_delete(request, pk):
    target = get_scoped_object(request, ParticipationTarget, Action.DELETE, pk=pk)
    try:
        services.participation_target_delete(actor=request.user, target=target)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, f"已删除{target.unit}的参与目标,按上级目标考核。")
    return redirect("suggestion-participation-targets")

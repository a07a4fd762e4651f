"""Forms of the org pages. They validate input; the services do the writes."""

from django import forms

from vanguard.core.forms import StyledFormMixin, VersionField

from .models import PartyMembership, PartyOrg, Person, Unit

PERSON_FORM_FIELDS = [
    "name", "employee_no", "gender", "birth_date", "ethnicity", "education", "id_card", "position",
    "cadre_level", "channel", "unit", "phone", "political_status", "is_active",
]


class PersonForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Person
        fields = PERSON_FORM_FIELDS
        widgets = {"birth_date": forms.DateInput()}

    def __init__(self, *args, unit_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_queryset is not None:
            self.fields["unit"].queryset = unit_queryset
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class MembershipForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()
    moved_on = forms.DateField(label="转接日期", required=False, widget=forms.DateInput(),
                               help_text="更换党组织时填写,记入组织关系转接历史。")
    note = forms.CharField(label="说明", required=False, max_length=200)

    class Meta:
        model = PartyMembership
        fields = ["party_org", "status", "joined_on", "regularised_on", "post"]
        widgets = {"joined_on": forms.DateInput(), "regularised_on": forms.DateInput()}

    def __init__(self, *args, party_org_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if party_org_queryset is not None:
            self.fields["party_org"].queryset = party_org_queryset


class TreeNodeForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()
    parent = forms.ModelChoiceField(label="上级", queryset=None, required=False)

    def __init__(self, *args, parent_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_queryset
        if self.instance.pk:
            del self.fields["parent"]
            self.fields["version"].initial = self.instance.version


class PartyOrgForm(TreeNodeForm):
    class Meta:
        model = PartyOrg
        fields = ["name", "kind", "code", "founded_on", "units"]
        widgets = {"founded_on": forms.DateInput(), "units": forms.SelectMultiple(attrs={"size": 6})}


class UnitForm(TreeNodeForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "code"]


class MoveForm(StyledFormMixin, forms.Form):
    new_parent = forms.ModelChoiceField(label="移动到", queryset=None)

    def __init__(self, *args, parent_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parent_queryset

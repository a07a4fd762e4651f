"""Forms of the core pages."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

# One message for every failure, so it never tells whether an account exists.
LOGIN_FAILED = "用户名/工号或密码不正确,或账号已被暂时锁定。"


class LoginForm(AuthenticationForm):
    """One generic message for every failure (no hint whether the user exists)."""

    username = forms.CharField(label="用户名或工号", max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))

    error_messages = {
        "invalid_login": LOGIN_FAILED,
        "inactive": LOGIN_FAILED,
    }

    def get_invalid_login_error(self):
        # The backend leaves a message on the request when it has one that tells a guesser nothing
        # (the directory is down; the directory accepted the password but names no one here).
        refusal = getattr(self.request, "login_refusal", None)
        if refusal:
            return forms.ValidationError(refusal, code="invalid_login")
        return super().get_invalid_login_error()


class StyledFormMixin:
    """Give every widget Tabler's classes and mark fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

    def full_clean(self):
        # Marked after validation, never in __init__: reading ``errors`` there would validate
        # before a subclass has narrowed its querysets to the user's scope.
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class VersionField(forms.IntegerField):
    """The version the user read, sent back so a stale edit is detected."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class TableFileField(forms.FileField):
    """The file of an import: Excel or CSV (UTF-8 or GBK), within the upload limit (``core.uploads``)."""

    default_help = "Excel 文件（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK）"

    def __init__(self, *, label="Excel 或 CSV 文件", help_text="", **kwargs):
        help_text = f"{self.default_help}；{help_text}" if help_text else self.default_help
        super().__init__(label=label, help_text=help_text, **kwargs)

    def clean(self, data, initial=None):
        from .uploads import check_upload

        file = super().clean(data, initial)
        return check_upload(file, "excel") if file else file

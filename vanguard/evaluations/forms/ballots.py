"""The ballot form (选票): one required choice per subject (and ballot criterion), drawn as big radio buttons."""

from django import forms


def mark_field_name(subject_id, criterion_id=None) -> str:
    return f"m-{subject_id}" if criterion_id is None else f"m-{subject_id}-{criterion_id}"


class BallotForm(forms.Form):
    """``subjects``: the round's subjects; ``criteria``: its ballot criteria (empty: one choice per subject);
    ``choices``: the scheme's ``ballot_choices``."""

    def __init__(self, *args, subjects, criteria, choices, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(c["code"], c["label"]) for c in choices]
        self.rows = []
        for subject in subjects:
            names = []
            for criterion in criteria or [None]:
                name = mark_field_name(subject.pk, criterion.pk if criterion else None)
                label = str(subject.subject) + (f" · {criterion.name}" if criterion and len(criteria) > 1 else "")
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=options, widget=forms.RadioSelect,
                    error_messages={"required": f"请为 {subject.subject} 作出选择。",
                                    "invalid_choice": "请在给出的选项中选择。"},
                )  # fmt: skip
                names.append((criterion, name))
            self.rows.append((subject, names))
        self.criteria = criteria
        self.labels = dict(options)

    def marks(self) -> dict:
        """``{(subject_id, criterion_id): choice}`` of the cleaned form, for ``ballot_cast``."""
        marks = {}
        for subject, names in self.rows:
            for criterion, name in names:
                marks[(subject.pk, criterion.pk if criterion else None)] = self.cleaned_data[name]
        return marks

    def summary(self):
        """``[(subject, [(criterion, label of the choice)])]`` for the confirm step."""
        return [
            (subject, [(criterion, self.labels[self.cleaned_data[name]]) for criterion, name in names])
            for subject, names in self.rows
        ]

    def bound_rows(self):
        return [(subject, [(criterion, self[name]) for criterion, name in names]) for subject, names in self.rows]

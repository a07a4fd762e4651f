"""The default rules and review scale: written by a data migration, and again on first use should the
tables have been emptied (a flushed test database, a restored backup without them)."""

from django.db import transaction

from .choices import DEFAULT_REVIEW_GRADES, DEFAULT_RULES, DEFAULT_STUDY_RULES


@transaction.atomic
def ensure_defaults():
    from .models import ComplianceRule, ReviewGrade, StudyRule

    for subject, org_kind, period, minimum, basis in DEFAULT_RULES:
        ComplianceRule.objects.get_or_create(
            subject=subject, org_kind=org_kind, defaults={"period": period, "minimum": minimum, "basis": basis}
        )
    for audience, hours, basis in DEFAULT_STUDY_RULES:
        StudyRule.objects.get_or_create(audience=audience, defaults={"min_hours": hours, "basis": basis})
    for order, (code, label, colour) in enumerate(DEFAULT_REVIEW_GRADES):
        ReviewGrade.objects.get_or_create(code=code, defaults={"label": label, "colour": colour, "order": order})

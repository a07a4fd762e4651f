"""The default compliance rules, study-hour rules and review scale (DESIGN.md), editable afterwards."""

from django.db import migrations


def seed(apps, schema_editor):
    from vanguard.orglife.choices import DEFAULT_REVIEW_GRADES, DEFAULT_RULES, DEFAULT_STUDY_RULES

    ComplianceRule = apps.get_model("orglife", "ComplianceRule")
    StudyRule = apps.get_model("orglife", "StudyRule")
    ReviewGrade = apps.get_model("orglife", "ReviewGrade")
    for subject, org_kind, period, minimum, basis in DEFAULT_RULES:
        ComplianceRule.objects.get_or_create(
            subject=subject, org_kind=org_kind, defaults={"period": period, "minimum": minimum, "basis": basis}
        )
    for audience, hours, basis in DEFAULT_STUDY_RULES:
        StudyRule.objects.get_or_create(audience=audience, defaults={"min_hours": hours, "basis": basis})
    for order, (code, label, colour) in enumerate(DEFAULT_REVIEW_GRADES):
        ReviewGrade.objects.get_or_create(code=code, defaults={"label": label, "colour": colour, "order": order})


class Migration(migrations.Migration):
    dependencies = [("orglife", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

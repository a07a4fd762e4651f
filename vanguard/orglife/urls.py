from django.urls import path

from .views import compliance, meetings, records

urlpatterns = [
    path("", meetings.meeting_calendar, name="meeting-calendar"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/export/", meetings.meeting_export, name="meeting-export"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/attachments/", meetings.attachment_upload, name="meeting-attachment"),
    path("meetings/<int:pk>/word/", meetings.meeting_word, name="meeting-word"),
    path("meetings/<int:pk>/pdf/", meetings.meeting_word, {"fmt": "pdf"}, name="meeting-pdf"),
    path("attendance/<int:pk>/remove/", meetings.attendance_remove, name="attendance-remove"),
    path("compliance/", compliance.compliance_page, name="compliance"),
    path("rules/", compliance.rule_list, name="rule-list"),
    path("rules/<int:pk>/", compliance.rule_edit, name="rule-edit"),
    path("rules/exemptions/new/", compliance.exemption_create, name="exemption-create"),
    path("my/", records.my_year, name="my-year"),
    path("people/<int:pk>/", records.person_year, name="person-year"),
    path("hours/", records.hours_shortfall, name="hours-shortfall"),
    path("training/", records.training_list, name="training-list"),
    path("training/import/", records.training_import_page, name="training-import"),
    path("training/import/template/", records.training_import_template, name="training-import-template"),
    path("reviews/", records.review_board, name="review-board"),
    path("field-days/", records.field_days, name="field-days"),
]

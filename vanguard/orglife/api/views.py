"""The orglife API. Reads are scoped; writes go through ``orglife.services``."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from vanguard.core.access import may
from vanguard.core.api.base import ScopedModelViewSet, ScopedReadOnlyViewSet, ServiceWriteMixin
from vanguard.core.choices import Action
from vanguard.core.dates import FIRST_YEAR, plausible_year
from vanguard.core.numbers import parse_id
from vanguard.org.models import PartyOrg

from .. import compliance, services
from ..models import Attendance, ComplianceRule, FieldDay, Meeting, Review, TrainingRecord
from .serializers import (
    AttendanceMarksSerializer,
    AttendanceSerializer,
    ComplianceRuleSerializer,
    FieldDaySerializer,
    MeetingSerializer,
    MemberReviewSerializer,
    MinutesSerializer,
    TrainingRecordSerializer,
)


class MeetingViewSet(ScopedModelViewSet):
    """会议; ``POST …/{id}/attendance/`` records attendance, ``…/minutes/`` the minutes."""

    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_fields = {"org": ["exact"], "kind": ["exact"], "status": ["exact"], "date": ["gte", "lte", "exact"]}

    def may_create(self):
        return may(self.request.user, Action.ADD, Meeting)

    def create_object(self, data):
        return services.meeting_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        data.pop("held", None)
        return services.meeting_update(actor=self.request.user, meeting=instance, data=data, expected_version=version)

    def _changeable(self):
        meeting = self.get_object()
        if not may(self.request.user, Action.CHANGE, meeting):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("您没有权限记录该会议。")
        return meeting

    @extend_schema(request=AttendanceMarksSerializer, summary="记录出勤(出席者自动计入学时)")
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting = self._changeable()
        body = AttendanceMarksSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        marks = {}
        for key, value in body.validated_data["marks"].items():
            if not parse_id(key):
                from rest_framework.exceptions import ValidationError

                raise ValidationError({"marks": [f"人员编号“{key}”应为数字。"]})
            marks[int(key)] = value
        result = services.meeting_record_attendance(actor=request.user, meeting=meeting, marks=marks)
        return Response({**result, "meeting": self.get_serializer(Meeting.objects.get(pk=meeting.pk)).data})

    @extend_schema(request=MinutesSerializer, summary="记录会议内容(粘贴的 HTML 会被清理)")
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        meeting = self._changeable()
        body = MinutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        meeting = services.meeting_record_minutes(
            actor=request.user, meeting=meeting, minutes=data["minutes"], resolutions=data.get("resolutions", ""),
            expected_version=data.get("version"),
        )  # fmt: skip
        return Response(self.get_serializer(meeting).data)


class AttendanceViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """出勤记录; POST marks one person (a person outside the org is recorded as a guest, ``is_guest``)."""

    queryset = Attendance.objects.all()
    serializer_class = AttendanceSerializer
    filterset_fields = ["meeting", "person", "status", "is_guest"]

    def may_create(self):
        return may(self.request.user, Action.ADD, Attendance)

    def create_object(self, data):
        meeting, person = data["meeting"], data["person"]
        services.meeting_record_attendance(
            actor=self.request.user, meeting=meeting, marks={person.pk: data.get("status", "present")},
            notes={person.pk: data.get("note", "")},
        )  # fmt: skip
        return Attendance.objects.get(meeting=meeting, person=person)


class TrainingRecordViewSet(ScopedModelViewSet):
    """培训记录 (external, online and class training); the hours add to those earned at meetings."""

    queryset = TrainingRecord.objects.all()
    serializer_class = TrainingRecordSerializer
    filterset_fields = {"person": ["exact"], "category": ["exact"], "date": ["gte", "lte"]}

    def may_create(self):
        return may(self.request.user, Action.ADD, TrainingRecord)

    def create_object(self, data):
        return services.training_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        data.pop("person", None)
        return services.training_update(actor=self.request.user, record=instance, data=data, expected_version=version)


class ReviewViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """讲评; POST again for the same member, org and month replaces the grade and comment."""

    queryset = Review.objects.select_related("grade")
    serializer_class = MemberReviewSerializer
    filterset_fields = ["person", "org", "month"]

    def may_create(self):
        return may(self.request.user, Action.ADD, Review)

    def create_object(self, data):
        return services.review_record(actor=self.request.user, **data)


class FieldDayViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """深入现场 half-days of cadres of section level and above."""

    queryset = FieldDay.objects.all()
    serializer_class = FieldDaySerializer
    filterset_fields = {"person": ["exact"], "date": ["gte", "lte"]}

    def create_object(self, data):
        return services.field_day_create(actor=self.request.user, **data)


class ComplianceRuleViewSet(ScopedModelViewSet):
    """组织生活规则 (read by everyone, set by the party-committee office)."""

    queryset = ComplianceRule.objects.all()
    serializer_class = ComplianceRuleSerializer
    filterset_fields = ["subject", "org_kind", "is_active"]

    def may_create(self):
        return may(self.request.user, Action.ADD, ComplianceRule)

    def create_object(self, data):
        return services.rule_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        return services.rule_update(actor=self.request.user, rule=instance, data=data, expected_version=version)


class ComplianceViewSet(viewsets.ViewSet):
    """The compliance matrix: branches in scope × months (or one rule's periods), with each cell's checks.

    Paged by branch like the other lists (``{count, next, previous, results}``, ``?page=``, ``?page_size=``);
    ``rate`` and ``totals`` (cells per status) cover every branch in scope, not only the page.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度,默认今年"),
            OpenApiParameter("org", int, description="只看该组织及其下级"),
            OpenApiParameter("rule", int, description="只看一条规则(列为该规则的周期)"),
            OpenApiParameter("page", int, description="页码(按支部分页)"),
            OpenApiParameter("page_size", int, description="每页支部数,默认 50,最多 500"),
        ],
        responses={200: dict},
        summary="组织生活合规矩阵",
    )
    def list(self, request):
        today = timezone.localdate()
        try:
            year = int(request.query_params.get("year", today.year))
            org_id = request.query_params.get("org")
            rule_id = request.query_params.get("rule")
            root = PartyOrg.objects.restrict(request.user).get(pk=int(org_id)) if org_id else None
            rule = ComplianceRule.objects.get(pk=int(rule_id)) if rule_id else None
        except (ValueError, PartyOrg.DoesNotExist, ComplianceRule.DoesNotExist):
            raise Http404 from None
        if not plausible_year(year, today):
            raise serializers.ValidationError({"year": f"年度须在 {FIRST_YEAR} 至 {today.year + 1} 年之间。"})
        paginator = api_settings.DEFAULT_PAGINATION_CLASS()

        def shown(branches):
            paginator.paginate_queryset(branches, request, view=self)  # a page past the last: 404
            return paginator.page

        matrix = compliance.compliance_matrix(
            user=request.user, year=year, root=root, rule=rule, today=today, shown=shown, due_keep=0
        )
        return Response(
            {
                "count": matrix.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "year": year,
                "rate": matrix.rate,
                "totals": matrix.totals,
                "columns": [{"label": label, "first_month": a, "last_month": b} for label, a, b in matrix.columns],
                "results": [
                    {
                        "org": row.org["pk"],
                        "name": row.org["name"],
                        "label": row.org["label"] or row.org["name"],
                        "missed": row.missed,
                        "cells": [
                            {
                                "status": c.status,
                                "starts": c.starts,
                                "ends": c.ends,
                                # What is missing, due or exempt; a green cell needs no explaining.
                                "problems": [
                                    {
                                        "rule": k.rule.pk,
                                        "subject": k.rule.subject,
                                        "org": k.org_name or row.org["name"],
                                        "count": k.count,
                                        "minimum": k.rule.minimum,
                                        "status": k.status,
                                    }
                                    for k in c.checks
                                    if k.status != compliance.OK
                                ],
                            }
                            for c in row.cells
                        ],
                    }
                    for row in matrix.rows
                ],
            }
        )

"""The projects API. Reads are scoped; writes and transitions go through ``projects.services``."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from vanguard.core.access import may
from vanguard.core.api.base import ScopedModelViewSet, ScopedReadOnlyViewSet, ServiceWriteMixin
from vanguard.core.api.parsers import BoundedJSONParser
from vanguard.core.choices import Action

from .. import services
from ..models import Project, ProjectLog, ProjectMember
from ..selectors import with_missing_months
from .serializers import ProjectLogSerializer, ProjectMemberSerializer, ProjectSerializer, TransitionSerializer


class ProjectViewSet(ScopedModelViewSet):
    """项目; ``POST …/{id}/transition/`` moves it along its lifecycle (审核、立项、验收 …)."""

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_fields = {"kind": ["exact"], "status": ["exact"], "branch": ["exact"], "leader": ["exact"],
                        "start_date": ["gte", "lte"]}  # fmt: skip

    def get_queryset(self):
        return with_missing_months(super().get_queryset()).order_by("-start_date", "-id")

    def may_create(self):
        return may(self.request.user, Action.ADD, Project)

    def create_object(self, data):
        return services.project_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        return services.project_update(actor=self.request.user, project=instance, data=data, expected_version=version)

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    @extend_schema(
        request=TransitionSerializer, summary="项目流转(审核、立项、开始、申请结项、验收、评定、结项、退回、撤回)"
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        project = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        services.project_transition(
            actor=request.user, project=project, action=data.pop("action"), expected_version=data.pop("version", None),
            **data,
        )  # fmt: skip
        return Response(self.get_serializer(self._fresh(project.pk)).data)


class ProjectMemberViewSet(ServiceWriteMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet):
    """项目团队成员; POST adds a person, DELETE removes one (not the leader)."""

    queryset = ProjectMember.objects.all()
    serializer_class = ProjectMemberSerializer
    filterset_fields = ["project", "person", "role"]

    def create_object(self, data):
        return services.project_member_add(actor=self.request.user, **data)

    def perform_destroy(self, instance):
        services.project_member_remove(actor=self.request.user, member=instance)


@extend_schema_view(create=extend_schema(request={"multipart/form-data": ProjectLogSerializer}))
class ProjectLogViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """每月活动记录; the date must lie in the project's period and not in the future.

    A log may carry an attachment, so the schema declares multipart; a JSON body without one is read too.
    """

    parser_classes = [MultiPartParser, BoundedJSONParser]

    queryset = ProjectLog.objects.prefetch_related("participants")
    serializer_class = ProjectLogSerializer
    filterset_fields = {"project": ["exact"], "date": ["gte", "lte"], "month": ["exact"]}

    def create_object(self, data):
        return services.project_log_create(actor=self.request.user, **data)

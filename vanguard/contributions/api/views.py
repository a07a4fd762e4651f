"""``project-targets``: which campaign targets a project serves. Writes go through ``contributions.services``."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from .. import services
from ..selectors import project_target_visible
from .serializers import ProjectTargetCreateSerializer, ProjectTargetSerializer


class ProjectTargetViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """项目关联的目标: POST ``{project, target}`` links them, DELETE unlinks one not counted yet.

    A link is visible with its project or with its target; out of sight answers 404.
    """

    serializer_class = ProjectTargetSerializer
    filterset_fields = ["target", "source_id"]

    def get_queryset(self):
        return project_target_visible(user=self.request.user)

    @extend_schema(request=ProjectTargetCreateSerializer, responses={201: ProjectTargetSerializer})
    def create(self, request):
        body = ProjectTargetCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        link = services.project_target_link(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(link).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.project_target_unlink(actor=self.request.user, contribution=instance)

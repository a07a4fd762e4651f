"""``project-targets``: which campaign targets a project serves. Writes go through ``contributions.services``."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from vanguard.campaigns.models import TargetContribution
from vanguard.projects.models import Project

from .. import services
from ..choices import PROJECT_SOURCE
from .serializers import ProjectTargetCreateSerializer, ProjectTargetSerializer


class ProjectTargetViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """项目关联的目标: POST ``{project, target}`` links them, DELETE unlinks one not counted yet.

    A link is visible with its project or with its target.
    """

    serializer_class = ProjectTargetSerializer
    filterset_fields = ["target", "source_id"]

    def get_queryset(self):
        user = self.request.user
        links = TargetContribution.objects.filter(source=PROJECT_SOURCE)
        projects = Project.objects.restrict(user).values("pk")
        by_target = links.restrict(user).values("pk")
        return links.filter(Q(source_id__in=projects) | Q(pk__in=by_target)).order_by("id")

    @extend_schema(request=ProjectTargetCreateSerializer, responses={201: ProjectTargetSerializer})
    def create(self, request):
        body = ProjectTargetCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        link = services.project_target_link(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(link).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.project_target_unlink(actor=self.request.user, contribution=instance)

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from vanguard.core.forms import LOGIN_FAILED

from ..models import AuditEvent, TaskRun
from .base import ScopedReadOnlyViewSet
from .serializers import (
    AuditEventSerializer,
    CredentialsSerializer,
    ErrorSerializer,
    TaskRunSerializer,
    TokenSerializer,
)
from .tokens import token_issue


class TokenView(APIView):
    """Exchange a username (or 工号) and password for an API token.

    A wrong password, an unknown user and a locked account all answer the same 400,
    so the answer never tells whether an account exists. Only a directory that is down, or a
    directory account whose password was right but names no person here, answers its own message.
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(ErrorSerializer, description="登录失败或缺少字段")},
        auth=[],
        summary="以用户名(或工号)和密码换取令牌",
    )
    def post(self, request):
        data = CredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, username=data.validated_data["username"], password=data.validated_data["password"])
        if user is None:
            detail = getattr(request, "login_refusal", None) or LOGIN_FAILED
            return Response({"detail": detail}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"token": token_issue(user=user).key})


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit trail, newest first (administrators; for others the list is empty)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_fields = ["action", "object_type", "object_id", "actor"]


class TaskRunViewSet(ScopedReadOnlyViewSet):
    """Background tasks the user started, with progress."""

    queryset = TaskRun.objects.all()
    serializer_class = TaskRunSerializer

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import AuditEvent, TaskRun
from .base import ScopedReadOnlyViewSet
from .serializers import AuditEventSerializer, TaskRunSerializer, TokenRequestSerializer, TokenSerializer

from vanguard.core.forms import LOGIN_FAILED


class TokenView(APIView):
    """Exchange a username (or 工号) and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, username=data.validated_data["username"], password=data.validated_data["password"])
        if user is None:
            return Response({"detail": LOGIN_FAILED}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit trail (administrators only; others get an empty list)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_fields = ["action", "object_type", "object_id", "actor"]


class TaskRunViewSet(ScopedReadOnlyViewSet):
    """Background tasks started by the user, with progress."""

    queryset = TaskRun.objects.all()
    serializer_class = TaskRunSerializer

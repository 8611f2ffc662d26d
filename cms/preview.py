"""Headless preview: a front end fetches an editor's latest draft through the API.

An editor asks the admin for a preview link of a page or snippet. The link
carries a signed token naming the editor and the object; it expires after
PREVIEW_TOKEN_MAX_AGE seconds. `/api/v2/preview/?token=` answers with the
latest revision in the same shape as the live detail endpoint, and only
while the editor may still edit the object. Responses are never cached.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

SALT = "samverkan.headless-preview"


def make_token(user, obj) -> str:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    if isinstance(obj, Page):
        content_type = ContentType.objects.get_for_model(Page)
    return signing.dumps({"u": user.pk, "ct": content_type.pk, "id": obj.pk}, salt=SALT)


def user_can_edit(user, obj) -> bool:
    if not user.is_active:
        return False
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    viewset = getattr(type(obj), "snippet_viewset", None)
    if viewset is None:
        return False
    return viewset.permission_policy.user_has_permission_for_instance(user, "change", obj)


def resolve_token(token: str):
    """(user, object) for a valid token; BadRequestError or Http404 otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadRequestError("token has expired; ask the admin for a new preview link") from exc
    except signing.BadSignature as exc:
        raise BadRequestError("token is not valid") from exc
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    content_type = ContentType.objects.filter(pk=data.get("ct")).first()
    model = content_type.model_class() if content_type else None
    obj = model._default_manager.filter(pk=data.get("id")).first() if model else None
    if user is None or obj is None:
        raise Http404("the previewed object no longer exists")
    if isinstance(obj, Page):
        obj = obj.specific
    return user, obj


class PreviewAPIView(APIView):
    """`GET /api/v2/preview/?token=`: the latest draft, shaped like the live detail."""

    def get(self, request: Request):
        from cms.api import api_router

        unknown = set(request.GET) - {"token", "fields"}
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        if not request.GET.get("token"):
            raise BadRequestError("token is required")
        user, obj = resolve_token(request.GET["token"])
        if not user_can_edit(user, obj):
            return Response({"message": "this token may not preview that object"}, status=403)
        draft = obj.get_latest_revision_as_object() if obj.latest_revision_id else obj
        endpoint = api_router.get_model_endpoint(Page if isinstance(obj, Page) else type(obj))
        if endpoint is None:
            raise Http404("this kind of object has no API endpoint")
        data = serialize_detail(endpoint[1], request, draft)
        response = Response(data)
        response["Cache-Control"] = "private, no-store"
        return response

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=400)
        if isinstance(exc, Http404):
            return Response({"message": str(exc)}, status=404)
        return super().handle_exception(exc)


def serialize_detail(endpoint_class, request: Request, obj) -> dict:
    """Serialise `obj` exactly as `endpoint_class`'s detail view would."""
    view = endpoint_class()
    view.request = request
    view.args, view.kwargs = (), {"pk": obj.pk}
    view.action = "detail_view"
    view.format_kwarg = None
    view.headers = {}
    view.initial(request)
    view.get_object = lambda: obj
    if hasattr(view, "prepare"):
        view.prepare([obj])
    return view.get_serializer(obj).data

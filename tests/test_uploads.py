"""Uploads through the admin forms, and how documents are served.

Only the allowed extensions and sizes get in (no SVG: Wagtail does not
sanitise it), documents are always downloads with a sandboxing policy, and a
document in a restricted collection is never served to the public.
"""

from __future__ import annotations

import io
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def media_root(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def admin_client(db) -> Client:
    user, _ = get_user_model().objects.get_or_create(
        username="upload-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the error messages below are in English
    profile.save()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def png(size: int = 16, noise: bool = False) -> bytes:
    image = PILImage.new("RGB", (size, size), "white")
    if noise:
        image = PILImage.effect_noise((size, size), 100).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client: Client, name: str, content: bytes, content_type: str = "image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client: Client, name: str, content: bytes, content_type: str):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def form_errors(response) -> str:
    assert response.status_code == HTTPStatus.OK, "the form again, with its errors"
    return " ".join(str(e) for e in response.context["form"].errors.get("file", []))


# ---------------------------------------------------------------------------
# Settings


def test_upload_settings_allow_only_harmless_formats():
    assert set(settings.WAGTAILIMAGES_EXTENSIONS) == {"avif", "gif", "jpg", "jpeg", "png", "webp"}
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == {
        "csv",
        "docx",
        "odt",
        "pdf",
        "pptx",
        "rtf",
        "txt",
        "xlsx",
    }
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []


# ---------------------------------------------------------------------------
# Images


def test_an_allowed_image_is_accepted(admin_client):
    response = upload_image(admin_client, "photo.png", png())
    assert response.status_code == HTTPStatus.FOUND
    assert get_image_model().objects.filter(title="photo.png").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("disguised.png", SVG, "image/png"),  # SVG bytes under an allowed name
        ("page.html", HTML, "text/html"),
        ("tool.exe", b"MZ\x90\x00", "application/octet-stream"),
    ],
)
def test_svg_and_other_formats_are_refused_as_images(admin_client, name, content, content_type):
    response = upload_image(admin_client, name, content, content_type)
    assert form_errors(response)
    assert not get_image_model().objects.filter(title=name).exists()


def test_the_multiple_upload_refuses_svg_too(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["success"] is False


def test_an_image_over_the_size_limit_is_refused(admin_client):
    content = png(64, noise=True)
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=len(content) - 1):
        response = upload_image(admin_client, "big.png", content)
    assert "too big" in form_errors(response)


def test_an_image_over_the_pixel_limit_is_refused(admin_client):
    with override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=100):
        response = upload_image(admin_client, "wide.png", png(16))
    assert "pixels" in form_errors(response)


# ---------------------------------------------------------------------------
# Documents


def test_an_allowed_document_is_accepted(admin_client):
    response = upload_document(admin_client, "report.pdf", PDF, "application/pdf")
    assert response.status_code == HTTPStatus.FOUND
    assert get_document_model().objects.filter(title="report.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("drawing.svg", "image/svg+xml"),
        ("page.html", "text/html"),
        ("page.htm", "text/html"),
        ("script.js", "text/javascript"),
        ("tool.exe", "application/octet-stream"),
        ("macro.docm", "application/vnd.ms-word.document.macroEnabled.12"),
    ],
)
def test_other_document_formats_are_refused(admin_client, name, content_type):
    response = upload_document(admin_client, name, HTML, content_type)
    assert "extension" in form_errors(response).lower() or form_errors(response)
    assert not get_document_model().objects.filter(title=name).exists()


def test_a_document_over_the_size_limit_is_refused(admin_client):
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=len(PDF) - 1):
        response = upload_document(admin_client, "big.pdf", PDF, "application/pdf")
    assert "too big" in form_errors(response)


# ---------------------------------------------------------------------------
# Serving documents


def make_document(title: str, content: bytes, filename: str, collection=None):
    document = get_document_model()(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def test_documents_are_downloads_with_a_sandboxing_policy(db):
    for filename, content in (("report.pdf", PDF), ("notes.txt", HTML)):
        document = make_document(filename, content, filename)
        response = Client(HTTP_HOST="localhost").get(document.url)
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Disposition"].startswith("attachment;"), filename
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == content


def restricted_collection(name: str, kind: str, **extra) -> Collection:
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=kind, **extra)
    return collection


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        (BaseViewRestriction.LOGIN, {}),
        (BaseViewRestriction.PASSWORD, {"password": "secret-for-members"}),
        (BaseViewRestriction.GROUPS, {}),
    ],
)
def test_a_document_in_a_restricted_collection_is_not_served_to_the_public(db, kind, extra):
    secret = b"%PDF-1.4 board minutes, not for the public"
    collection = restricted_collection(f"Private {kind}", kind, **extra)
    document = make_document("Board minutes", secret, "minutes.pdf", collection)

    anonymous = Client(HTTP_HOST="localhost")
    response = anonymous.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert secret not in body
    if kind == BaseViewRestriction.PASSWORD:
        assert response.status_code == HTTPStatus.OK  # the password form
        assert b'name="password"' in body
    else:
        assert response.status_code == HTTPStatus.FOUND
        assert "/login/" in response["Location"]
    # Not listed in the API either.
    ids = [item["id"] for item in anonymous.get("/api/v2/documents/?limit=100").json()["items"]]
    assert document.pk not in ids
    assert anonymous.get(f"/api/v2/documents/{document.pk}/").status_code == HTTPStatus.NOT_FOUND


def test_a_signed_in_user_gets_a_login_restricted_document(db):
    collection = restricted_collection("Members", BaseViewRestriction.LOGIN)
    document = make_document("Members' report", PDF, "members.pdf", collection)
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.create_user("member", password="x" * 20))
    response = client.get(document.url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF

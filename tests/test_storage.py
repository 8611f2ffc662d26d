"""Media on S3-compatible object storage, against a local S3 server (moto) on 127.0.0.1.

No cloud store is reachable from here, so moto's S3 server runs as a
subprocess on a free port; Django's storage is configured exactly as
cms/settings/base.py configures it from the AWS_* variables. Images,
renditions and documents are written through Django and read back, through
Django and over HTTP.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from http import HTTPStatus

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage, storages
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.settings.base import media_storage

ACCESS = {"AWS_ACCESS_KEY_ID": "samverkan-test", "AWS_SECRET_ACCESS_KEY": "not-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a free local port, for this module."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from moto.server import main; main()",
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint) -> Iterator[dict]:
    """A fresh bucket, and Django's default storage pointing at it."""
    name = f"samverkan-media-{uuid.uuid4().hex[:8]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=ACCESS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_images_policy(name)))
    storage = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": name,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **ACCESS,
        }
    )
    with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
        yield {"name": name, "client": client}


def public_images_policy(bucket: str) -> dict:
    """The bucket policy the README recommends: images public, documents private."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [
                    f"arn:aws:s3:::{bucket}/original_images/*",
                    f"arn:aws:s3:::{bucket}/images/*",
                ],
            }
        ],
    }


def public_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def keys(bucket: dict) -> set[str]:
    listing = bucket["client"].list_objects_v2(Bucket=bucket["name"])
    return {item["Key"] for item in listing.get("Contents", [])}


def stored(bucket: dict, key: str) -> bytes:
    return bucket["client"].get_object(Bucket=bucket["name"], Key=key)["Body"].read()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_default_storage_is_the_bucket(bucket):
    assert type(storages["default"]).__name__ == "S3Storage"
    name = default_storage.save("notes/hello.txt", ContentFile(b"hej"))
    assert name == "notes/hello.txt"
    assert stored(bucket, name) == b"hej"
    with default_storage.open(name) as handle:
        assert handle.read() == b"hej"
    # Saving under a taken name keeps both files.
    other = default_storage.save("notes/hello.txt", ContentFile("hallå".encode()))
    assert other != name
    assert {name, other} <= keys(bucket)


def test_an_image_and_its_rendition_are_written_to_and_read_from_the_bucket(db, bucket):
    original = png_bytes()
    image = get_image_model().objects.create(
        title="Bild i molnet", file=ImageFile(io.BytesIO(original), name="moln.png")
    )
    assert (image.width, image.height) == (120, 80)
    assert image.file.name.startswith("original_images/")
    assert stored(bucket, image.file.name) == original

    rendition = image.get_rendition("max-60x60|format-webp")
    assert rendition.file.name.startswith("images/")
    assert rendition.file.name in keys(bucket)
    # Its plain URL points into the bucket, where anyone may read it.
    assert rendition.url.startswith(f"{bucket['client'].meta.endpoint_url}/{bucket['name']}/")
    status, body = public_get(rendition.url)
    assert status == HTTPStatus.OK
    assert body == stored(bucket, rendition.file.name)
    assert PILImage.open(io.BytesIO(body)).size == (60, 40)


def test_a_document_is_stored_in_the_bucket_and_served_through_django(db, bucket):
    content = b"%PDF-1.4\n% Samverkan test\n"
    document = get_document_model().objects.create(
        title="Rapport", file=ContentFile(content, name="rapport.pdf")
    )
    assert document.file.name.startswith("documents/")
    assert stored(bucket, document.file.name) == content
    with document.file.open() as handle:
        assert handle.read() == content

    # Not readable from the bucket directly; Django serves it, after its checks.
    assert public_get(document.file.url)[0] == HTTPStatus.FORBIDDEN
    assert document.url == f"/documents/{document.pk}/rapport.pdf"
    response = Client().get(document.url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == content

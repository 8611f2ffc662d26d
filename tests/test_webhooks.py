"""Webhooks: signed JSON POSTs to a real local receiver, with retries."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Site

from home.models import StandardPage
from projects.models import Project
from sites.webhooks import Webhook, WebhookDelivery, sign

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP receiver that answers with the given statuses in turn."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def site(slug: str) -> Site:
    return Site.objects.get(hostname=f"{slug}.localhost")


def test_publishing_sends_a_signed_payload_and_retries_after_a_failure(
    django_capture_on_commit_callbacks,
):
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    with Receiver([500, 200]) as receiver:
        hook = Webhook.objects.create(site=site("region-skane"), name="Front end", url=receiver.url)
        other = Webhook.objects.create(site=site("natverkstan"), name="Other", url=receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            project.title = "Learn, Create, Engage (uppdaterad)"
            project.save_revision().publish()

    assert len(receiver.requests) == 2  # one failure, one retry; nothing for Nätverkstan
    first, second = receiver.requests
    assert first["body"] == second["body"]
    payload = json.loads(second["body"])
    assert payload["event"] == "published"
    assert payload["site"] == "region-skane.localhost"
    assert payload["object"]["type"] == "projects.Project"
    assert payload["object"]["id"] == project.pk
    assert payload["object"]["title"] == "Learn, Create, Engage (uppdaterad)"
    assert payload["object"]["detail_url"].endswith(f"/api/v2/projects/{project.pk}/")
    expected = (
        "sha256=" + hmac.new(hook.secret.encode(), second["body"], hashlib.sha256).hexdigest()
    )
    assert second["headers"]["X-Samverkan-Signature"] == expected
    assert second["headers"]["X-Samverkan-Event"] == "published"

    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert (delivery.attempts, delivery.response_status) == (2, 200)
    assert not WebhookDelivery.objects.filter(webhook=other).exists()


def test_a_receiver_that_keeps_failing_is_given_up_on(settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    with Receiver([503, 503, 503, 503]) as receiver:
        hook = Webhook.objects.create(site=site("region-varmland"), name="Down", url=receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            page.unpublish()
    assert len(receiver.requests) == 3
    assert json.loads(receiver.requests[0]["body"])["event"] == "unpublished"
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert (delivery.attempts, delivery.response_status) == (3, 503)


def test_deleting_a_live_snippet_is_announced(django_capture_on_commit_callbacks):
    project = Project.objects.get(slug="vgr-ungt-arrangorskap", locale__language_code="sv")
    with Receiver([]) as receiver:
        Webhook.objects.create(site=site("vgr-kulturutveckling"), name="A", url=receiver.url)
        inactive = Webhook.objects.create(
            site=site("vgr-kulturutveckling"), name="Off", url=receiver.url, is_active=False
        )
        with django_capture_on_commit_callbacks(execute=True):
            for translation in project.get_translations():
                translation.delete()
            project.delete()
    events = [json.loads(r["body"])["event"] for r in receiver.requests]
    assert events and set(events) == {"deleted"}
    assert not inactive.deliveries.exists()


def test_signature_helper_matches_hmac_sha256():
    assert sign("s", b"{}") == "sha256=" + hmac.new(b"s", b"{}", hashlib.sha256).hexdigest()


def test_editors_see_only_their_sites_webhooks_in_the_admin(client):
    mine = Webhook.objects.create(site=site("natverkstan"), name="Min", url="https://a.example/")
    theirs = Webhook.objects.create(
        site=site("region-skane"), name="Deras", url="https://b.example/"
    )
    user = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(user)
    response = client.get(reverse("webhook:index"))
    assert response.status_code == HTTPStatus.OK
    assert {mine.pk, theirs.pk} <= {obj.pk for obj in response.context["object_list"]}
    response = client.get(reverse("webhookdelivery:index"))
    assert response.status_code == HTTPStatus.OK

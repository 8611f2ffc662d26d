"""Webhooks: tell other sites when content they show changes.

Editors of a site register subscriber URLs (`Webhook`). When a page of that
site, or a snippet the site shows, is published, unpublished or deleted,
every active subscriber gets a JSON POST, signed with HMAC-SHA256 over the
raw body using the subscriber's secret:

    X-Samverkan-Signature: sha256=<hex digest>

Deliveries run in the background with Wagtail's django-tasks and are retried
with exponential backoff (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_BASE_SECONDS).
Every attempt is logged in `WebhookDelivery`, shown in the admin.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend, task
from wagtail.models import Page, Site

logger = logging.getLogger(__name__)

EVENTS = ("published", "unpublished", "deleted")


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """A subscriber URL of one site, with the secret its payloads are signed with."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="webhooks"
    )
    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=128,
        default=new_secret,
        help_text=_("The receiver checks X-Samverkan-Signature with this secret."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["site__site_name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=20)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook} ({self.get_status_display()})"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------
# What changed, and which sites care


def describe(obj) -> dict:
    """The payload's `object`: enough for a receiver to refetch it from the API."""
    from sites.api import SnippetLocator

    model = type(obj.specific) if isinstance(obj, Page) else type(obj)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if isinstance(obj, Page):
        api_path = f"/api/v2/pages/{obj.pk}/"
        html_url = obj.full_url
        title = obj.title
    else:
        from cms.api import api_router

        api_path = api_router.get_object_detail_urlpath(model, obj.pk)
        html_url = SnippetLocator().html_url(obj)
        title = str(obj)
    return {
        "type": f"{model._meta.app_label}.{model.__name__}",
        "id": obj.pk,
        "title": title,
        "locale": obj.locale.language_code,
        "translation_key": str(obj.translation_key),
        "detail_url": f"{base}{api_path}" if api_path else None,
        "html_url": html_url,
    }


def sites_showing(obj) -> list[Site]:
    """The sites on which `obj` appears: a page's own site, or what shows a snippet."""
    from sites.api import SnippetLocator

    if isinstance(obj, Page):
        from wagtail.models import Site as SiteModel

        roots = {root.pk for root in Page.objects.ancestor_of(obj, inclusive=True).filter(depth=2)}
        keys = Page.objects.filter(pk__in=roots).values("translation_key")
        return list(SiteModel.objects.filter(root_page__translation_key__in=keys))
    from sites.models import CultureArea, Organisation

    if isinstance(obj, CultureArea):
        return list(Site.objects.all())  # the shared taxonomy shows everywhere
    locator = SnippetLocator()
    sites = []
    for site in Site.objects.all():
        if isinstance(obj, Organisation):
            owners = locator.owners_shown_on_site(site)
            if owners is None or str(obj.translation_key) in owners or obj.site_id == site.pk:
                sites.append(site)
        elif (
            type(obj)
            ._default_manager.filter(locator.shown_on_site(type(obj), site), pk=obj.pk)
            .exists()
        ):
            sites.append(site)
    return sites


def notify(obj, event: str) -> list[WebhookDelivery]:
    """Create a delivery per active webhook of every site showing `obj`, and send them."""
    if not settings.WEBHOOKS_ENABLED or not Webhook.objects.filter(is_active=True).exists():
        return []
    sites = sites_showing(obj)
    webhooks = list(Webhook.objects.filter(site__in=sites, is_active=True).select_related("site"))
    if not webhooks:
        return []
    described = describe(obj)
    deliveries = []
    for webhook in webhooks:
        payload = {
            "event": event,
            "site": webhook.site.hostname,
            "object": described,
            "sent_at": timezone.now().isoformat(),
        }
        deliveries.append(
            WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
        )
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))
    return deliveries


# --------------------------------------------------------------------------
# Sending


def backoff(attempts: int) -> float:
    return settings.WEBHOOK_RETRY_BASE_SECONDS * (2 ** (attempts - 1))


def attempt(delivery: WebhookDelivery) -> bool:
    """POST the payload once; record the outcome. True when the receiver said 2xx."""
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Samverkan-Webhooks/1",
            "X-Samverkan-Event": delivery.event,
            "X-Samverkan-Delivery": str(delivery.pk),
            "X-Samverkan-Signature": sign(delivery.webhook.secret, body),
        },
    )
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            delivery.response_status = response.status
            delivery.error = ""
            ok = 200 <= response.status < 300
    except urllib.error.HTTPError as exc:
        delivery.response_status = exc.code
        delivery.error = f"HTTP {exc.code}"
        ok = False
    except (urllib.error.URLError, OSError, ValueError) as exc:
        delivery.response_status = None
        delivery.error = str(exc)[:1000]
        ok = False
    if ok:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(
            seconds=backoff(delivery.attempts)
        )
    delivery.save()
    return ok


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery, retrying with exponential backoff until it succeeds or gives up.

    On a queue that can defer work the retry is enqueued for later; on the
    immediate backend (tests, development) it waits the backoff in place.
    """
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return "skipped"
    while not attempt(delivery) and delivery.status == WebhookDelivery.Status.PENDING:
        if default_task_backend.supports_defer:
            deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
            return "retry scheduled"
        time.sleep(max(0.0, (delivery.next_attempt_at - timezone.now()).total_seconds()))
    logger.info("Webhook delivery %s: %s", delivery.pk, delivery.status)
    return delivery.status

"""Admin for the content API: webhooks and headless preview links.

Webhooks: each site's subscribers, and the delivery log. Preview links: a
"Headless preview" button on pages and snippets that the editor may edit,
leading to a page with a signed, expiring API URL of the latest draft (see
cms/preview.py). Registered from SitesConfig.ready(). Editors see and manage the webhooks of
the sites whose settings their groups may edit; superusers see all.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page, Site

from .webhooks import Webhook, WebhookDelivery


def sites_for_user(user):
    """The sites whose settings the user may edit (all, for superusers).

    Those are the sites the user's groups hold the per-site "change site
    settings" permission for (GroupSitePermission, set up by setup_groups).
    """
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(
        group_permissions__group__in=user.groups.all(),
        group_permissions__permission__codename="change_sitesettings",
        group_permissions__permission__content_type__app_label="sites",
    ).distinct()


class SiteScopedMixin:
    """Views that only reach objects of the sites the user may manage."""

    site_lookup = "site"

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(**{f"{self.site_lookup}__in": sites_for_user(self.request.user)})

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        allowed = sites_for_user(self.request.user)
        if not self.model._default_manager.filter(
            pk=obj.pk, **{f"{self.site_lookup}__in": allowed}
        ).exists():
            raise PermissionDenied
        return obj


class WebhookForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["site"].queryset = sites_for_user(self.for_user)


class WebhookIndexView(SiteScopedMixin, generic.IndexView):
    pass


class WebhookEditView(SiteScopedMixin, generic.EditView):
    pass


class WebhookDeleteView(SiteScopedMixin, generic.DeleteView):
    pass


class DeliveryIndexView(SiteScopedMixin, generic.IndexView):
    site_lookup = "webhook__site"


class DeliveryInspectView(SiteScopedMixin, generic.InspectView):
    site_lookup = "webhook__site"


class WebhookViewSet(ModelViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = _("Webhooks")
    list_display = ["name", "url", "site", "is_active"]
    list_filter = ["site", "is_active"]
    form_fields = ["site", "name", "url", "is_active"]
    search_fields = ["name", "url"]
    index_view_class = WebhookIndexView
    edit_view_class = WebhookEditView
    delete_view_class = WebhookDeleteView

    def get_form_class(self, for_update=False):
        return type(
            "WebhookAdminForm",
            (WebhookForm,),
            {"Meta": type("Meta", (), {"model": Webhook, "fields": self.form_fields})},
        )


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    list_display = ["created_at", "webhook", "event", "status", "attempts", "response_status"]
    list_filter = ["status", "event", "webhook"]
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    form_fields = []
    add_view_enabled = False
    edit_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "webhook",
        "event",
        "status",
        "attempts",
        "response_status",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "payload",
    ]


class WebhookGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    menu_order = 900
    items = (WebhookViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return WebhookGroup()


# --------------------------------------------------------------------------
# Headless preview links


def preview_link(request, content_type_id: int, object_id: int):
    """Show the editor a signed API URL of the object's latest draft."""
    from cms.preview import make_token, user_can_edit

    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise PermissionDenied
    obj = get_object_or_404(model._default_manager, pk=object_id)
    if isinstance(obj, Page):
        obj = obj.specific
    if not user_can_edit(request.user, obj):
        raise PermissionDenied
    token = make_token(request.user, obj)
    url = request.build_absolute_uri(reverse("api-preview")) + f"?token={token}"
    return TemplateResponse(
        request,
        "sites/api_admin/preview_link.html",
        {"object": obj, "preview_url": url, "header_title": _("Headless preview")},
    )


def preview_button(obj, user, priority=90):
    from cms.preview import user_can_edit

    if not user_can_edit(user, obj):
        return None
    content_type = ContentType.objects.get_for_model(Page if isinstance(obj, Page) else type(obj))
    return ListingButton(
        _("Headless preview"),
        reverse("samverkan_preview_link", args=[content_type.pk, obj.pk]),
        icon_name="view",
        priority=priority,
    )


@hooks.register("register_admin_urls")
def register_preview_urls():
    return [
        path(
            "headless-preview/<int:content_type_id>/<int:object_id>/",
            preview_link,
            name="samverkan_preview_link",
        )
    ]


@hooks.register("register_page_header_buttons")
def page_preview_header_button(page, user, view_name, next_url=None):
    button = preview_button(page, user)
    if button:
        yield button


@hooks.register("register_snippet_listing_buttons")
def snippet_preview_button(snippet, user, next_url=None):
    if hasattr(snippet, "latest_revision_id"):
        button = preview_button(snippet, user)
        if button:
            yield button

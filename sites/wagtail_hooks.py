"""The editors' admin: ownership guards, the translations report, dashboard
panels and the warning when someone else saved while you were editing.

The snippet viewsets themselves are registered in home/wagtail_hooks.py.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page

from .admin_views import TranslationReportView, dashboard_panels, guarded_localize_urls
from .permissions import user_can


@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    return [
        path(
            "reports/translations-status/",
            TranslationReportView.as_view(),
            name="sites_translation_report",
        ),
        path(
            "reports/translations-status/results/",
            TranslationReportView.as_view(results_only=True),
            name="sites_translation_report_results",
        ),
        # Ahead of wagtail-localize's own URLs (same paths): see guarded_localize_urls.
        path("localize/", include((guarded_localize_urls(), "sites_localize_guard"))),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return MenuItem(
        gettext_lazy("Translations"),
        reverse("sites_translation_report"),
        name="translation-status",
        icon_name="globe",
        order=8900,
    )


@hooks.register("construct_reports_menu")
def replace_localize_report_menu_item(request, menu_items):
    """wagtail-localize's report lists translation records of every
    organisation; editors get "Translations" (ours) instead, superusers both."""
    localize_url = reverse("wagtail_localize:translations_report")
    for item in list(menu_items):
        if item.url == localize_url:
            if request.user.is_superuser:
                item.label = _("Translation records")
            else:
                menu_items.remove(item)


@hooks.register("construct_homepage_panels")
def add_organisation_panels(request, panels):
    panels.extend(dashboard_panels())


@hooks.register("construct_snippet_listing_buttons")
def hide_translation_buttons_of_others(buttons, snippet, user):
    """wagtail-localize offers "Translate" and "Sync" on every row; keep them on
    the rows the user may change (the views refuse the others anyway)."""
    if user_can(user, "change", snippet):
        return
    buttons[:] = [b for b in buttons if "/localize/" not in (getattr(b, "url", "") or "")]


@hooks.register("before_bulk_action")
def refuse_bulk_actions_with_forbidden_items(request, action_type, objects, action):
    """All or nothing: refuse a bulk action when any selected item is not the user's.

    Wagtail's bulk actions (on pages, snippets, images, documents) quietly
    skip the selected items the user may not act on and process the rest;
    here the whole request is refused instead, so that a crafted request
    cannot pass unnoticed.
    """
    _allowed, details = action.get_actionable_objects()
    if details.get("items_with_no_access"):
        raise PermissionDenied


def warn_about_intervening_saves(request, obj) -> None:
    """Tell an editor whose save followed someone else's, unseen, save.

    The edit form records the revision it was loaded with
    (`loaded_revision_id`). Wagtail keeps every save as a revision, so nothing
    is lost, but it does not tell the second editor: this does, with links to
    compare the two versions.
    """
    loaded = request.POST.get("loaded_revision_id", "")
    latest = obj.latest_revision
    if not loaded.isdigit() or latest is None:
        return
    others = (
        obj.revisions.filter(pk__gt=int(loaded))
        .exclude(pk=latest.pk)
        .exclude(user=request.user)
        .select_related("user")
        .order_by("-created_at")
    )
    other = others.first()
    if other is None:
        return
    if isinstance(obj, Page):
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare", args=[obj.pk, other.pk, latest.pk]
        )
        history_url = reverse("wagtailadmin_pages:history", args=[obj.pk])
    else:
        viewset = obj.snippet_viewset
        compare_url = reverse(
            viewset.get_url_name("revisions_compare"), args=[quote(obj.pk), other.pk, latest.pk]
        )
        history_url = reverse(viewset.get_url_name("history"), args=[quote(obj.pk)])
    messages.warning(
        request,
        _(
            "%(user)s saved a newer version at %(time)s while you were editing. Your "
            "changes were saved as a new version after theirs; both versions are kept "
            "and either can be restored from the history."
        )
        % {
            "user": get_user_display_name(other.user) if other.user else _("Someone"),
            "time": date_format(localtime(other.created_at), "SHORT_DATETIME_FORMAT"),
        },
        buttons=[
            messages.button(compare_url, _("Compare the versions")),
            messages.button(history_url, _("History")),
        ],
    )


@hooks.register("after_edit_page")
def after_edit_page(request, page):
    warn_about_intervening_saves(request, page)


@hooks.register("after_edit_snippet")
def after_edit_snippet(request, instance):
    if hasattr(instance, "revisions"):
        warn_about_intervening_saves(request, instance)


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own "page"
def record_the_sites_of_linked_pages(features):
    from .page_links import RecordingPageLinkHandler

    features.register_link_type(RecordingPageLinkHandler)

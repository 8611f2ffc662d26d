"""Registers the shared snippets as one "Shared content" menu in the admin, and
the dashboard's upcoming activities (the other editors' panels are in
sites/wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from projects.models import Activity
from projects.viewsets import ActivityViewSet, ProjectViewSet
from publications.viewsets import PublicationViewSet
from sites.admin_views import OrganisationPanel, organisation_scope
from sites.permissions import register_ownership_policies
from sites.viewsets import CultureAreaViewSet, GoalViewSet, OrganisationViewSet

# Before the viewsets: Wagtail would otherwise give the owned snippets a plain
# model permission policy, without the ownership rule.
register_ownership_policies()


class SharedContentGroup(SnippetViewSetGroup):
    menu_label = _("Shared content")
    menu_icon = "folder-inverse"
    menu_order = 200
    items = (
        GoalViewSet,
        ProjectViewSet,
        ActivityViewSet,
        PublicationViewSet,
        OrganisationViewSet,
        CultureAreaViewSet,
    )


register_snippet(SharedContentGroup)


class UpcomingActivitiesPanel(OrganisationPanel):
    """The organisation's next training activities, on the dashboard."""

    name = "organisation_activities"
    template_name = "sites/admin/panels/upcoming_activities.html"
    order = 210
    limit = 8

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        organisations = organisation_scope(context["request"].user)
        activities = Activity.objects.upcoming().filter(locale=Locale.get_default())
        if organisations is not None:
            activities = activities.filter(organisation__in=organisations)
        context["activities"] = activities.order_by("is_ongoing", "starts_at")[: self.limit]
        return context


@hooks.register("construct_homepage_panels")
def add_upcoming_activities_panel(request, panels):
    panels.append(UpcomingActivitiesPanel())

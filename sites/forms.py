"""Admin forms for the shared snippets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from .models import Organisation, OrganisationGroup


class OwnedSnippetForm(WagtailAdminModelForm):
    """Offers, and accepts, only the editor's own organisations as owner.

    The choice list is what editors see; the queryset is what the form
    validates against, so posting another organisation's id is a form error
    whatever the browser sends. Superusers may choose any organisation.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        user = self.for_user
        if field is None or user is None or user.is_superuser:
            return
        own = Organisation.objects.filter(
            pk__in=OrganisationGroup.organisation_ids_for(user), locale=Locale.get_default()
        )
        field.queryset = own
        field.widget = forms.Select(choices=field.choices)
        field.help_text = _("You can add and change items of your own organisation only.")
        if len(own) == 1 and not self.instance.organisation_id:
            field.initial = own[0].pk
            field.empty_label = None

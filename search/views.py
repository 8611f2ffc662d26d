"""Per-site search over the site's pages and the goals, projects, activities and
publications it shows, in the reader's language (see search/queries.py).

Odd input never reaches the search backend: an empty query asks for words,
and over-long text or control characters are answered with a form error
(status 200), so the page always renders.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

from cms.response_cache import depends_on_search_index
from sites.api import MAX_SEARCH_LENGTH

from .queries import SiteSearchResults

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    query = forms.CharField(
        label=_("Search this site"),
        required=False,
        strip=True,
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": _(
                "Search for at most %(limit_value)d characters (you wrote %(show_value)d)."
            )
        },
    )

    def clean_query(self) -> str:
        query = self.cleaned_data["query"]
        if "\ufffd" in query or any(
            unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"} and char not in "\t\n\r"
            for char in query
        ):
            raise forms.ValidationError(
                _("The search text contains characters that cannot be searched for."),
                code="invalid",
            )
        return " ".join(query.split())


def search(request):
    # Cached, until a page, a snippet or the search index changes (the index
    # may catch up after the publish, on a worker: it has its own tag).
    depends_on_search_index()
    form = SearchForm(request.GET)
    query = form.cleaned_data["query"] if form.is_valid() else ""
    site = Site.find_for_request(request)
    results: SiteSearchResults | list = []
    number = request.GET.get("page")
    if query and site is not None:
        # The hits up to the requested page are fetched with the count.
        shown = int(number) if number and number.isdigit() and 0 < int(number) <= 1000 else 1
        results = SiteSearchResults(
            query, site, Locale.get_active(), window=shown * RESULTS_PER_PAGE
        )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(number)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_form": form,
            "search_query": query,
            "search_results": page,
        },
    )

"""Wagtail's database search backend, stemming Swedish as Swedish and English as English.

On PostgreSQL, Wagtail (modelsearch) indexes and queries everything with one
text search configuration, `SEARCH_CONFIG`. Our content is in two languages,
so this backend:

- indexes each page or snippet with the configuration of its locale
  (`LANGUAGE_CONFIGS`, e.g. {"sv": "swedish", "en": "english"}), and anything
  without a locale (images, documents) with `SEARCH_CONFIG`;
- stems a query in every one of those languages and matches any of them, so
  "projekten" finds a Swedish "projekt" and "publications" an English
  "publication", whichever locale the results are then filtered to.

Autocomplete keeps modelsearch's unstemmed "simple" configuration. On other
databases (SQLite in development and tests) `SearchBackend` returns the
backend Wagtail would have picked. Selected in settings as
`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"`; run
`python manage.py update_index` after changing the configurations.
"""

from __future__ import annotations

import copy
import operator
from collections import defaultdict
from functools import reduce

from django.contrib.postgres.search import SearchVector
from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class LanguageIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index the objects in groups, each with its own language's configuration."""
        configs = self.backend.configs_by_locale_id()
        groups = defaultdict(list)
        for obj in objs:
            groups[configs.get(getattr(obj, "locale_id", None), self.backend.config)].append(obj)
        for config, group in groups.items():
            backend = copy.copy(self.backend)
            backend.config = config
            PostgresIndex(backend).add_items(model, group)


class LanguageSearchQueryCompiler(PostgresSearchQueryCompiler):
    """Builds the query once per language and matches any of them."""

    def get_config(self, backend):
        return backend.query_configs

    def search(self, config, start, stop, score_field=None, backend=None):
        self.configs = config
        return super().search(config, start, stop, score_field=score_field, backend=backend)

    def build_tsquery(self, query, config=None):
        if not isinstance(config, tuple):
            return super().build_tsquery(query, config=config)
        queries = [super(LanguageSearchQueryCompiler, self).build_tsquery(query, c) for c in config]
        queries = [q for q in queries if q is not None]
        return reduce(operator.or_, queries) if queries else None

    def get_fields_vectors(self, search_query):
        # Searches limited to some fields build their vectors on the fly.
        return [
            (
                reduce(operator.add, (SearchVector(lookup, config=c) for c in self.configs)),
                search_field.boost,
            )
            for lookup, search_field in self.search_fields.items()
        ]


class LanguageSearchBackend(PostgresSearchBackend):
    query_compiler_class = LanguageSearchQueryCompiler
    index_class = LanguageIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs: dict[str, str] = dict(params.get("LANGUAGE_CONFIGS", {}))
        configs = [self.config, *self.language_configs.values()]
        self.query_configs: tuple[str, ...] = tuple(dict.fromkeys(c for c in configs if c))

    def config_for_language(self, language_code: str) -> str | None:
        language = language_code.split("-")[0].lower()
        return self.language_configs.get(language, self.config)

    def configs_by_locale_id(self) -> dict[int, str | None]:
        from wagtail.models import Locale

        return {
            pk: self.config_for_language(code)
            for pk, code in Locale.objects.values_list("pk", "language_code")
        }


# The name modelsearch looks up in a backend module.
def SearchBackend(params):
    if connection.vendor == "postgresql":
        return LanguageSearchBackend(params)
    return database_search_backend(params)

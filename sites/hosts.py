"""Hostnames of the organisations' sites, from configuration.

`<slug>.<SITE_BASE_DOMAIN>` unless SITE_HOSTNAMES names another; the portal
answers on SITE_BASE_DOMAIN itself.
"""

from django.conf import settings


def hostname_for(slug: str) -> str:
    return settings.SITE_HOSTNAMES.get(slug) or f"{slug}.{settings.SITE_BASE_DOMAIN}"


def portal_hostname() -> str:
    return settings.SITE_HOSTNAMES.get("portal") or settings.SITE_BASE_DOMAIN

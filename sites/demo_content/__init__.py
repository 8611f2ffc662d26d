"""Demo content for the five organisations' sites, from the seed texts.

Each module holds one organisation's facts as data; `loader.py` turns them
into organisations, snippets, pages and translations. The portal's own
texts are below.
"""

from . import (
    kulturkraft_syd,
    natverkstan,
    region_skane,
    region_varmland,
    vgr_kulturutveckling,
)

# In the order the seeds are numbered (000-004).
SITE_MODULES = [
    natverkstan,
    vgr_kulturutveckling,
    kulturkraft_syd,
    region_skane,
    region_varmland,
]

PORTAL = {
    "title": "Samverkan",
    "slug": "portal",
    "intro": "<p>Samverkan samlar webbplatser för regionala kulturorganisationer: deras "
    "mål, projekt, fortbildningar och publikationer.</p>",
    "en": {
        "title": "Samverkan",
        "intro": "<p>Samverkan brings together the websites of regional culture "
        "organisations: their goals, projects, training and publications.</p>",
    },
}

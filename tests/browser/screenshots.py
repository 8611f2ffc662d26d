"""`make screenshots`: every organisation's home page at 1280 and 390 pixels wide.

Not collected by the test suite (the file name does not start with test_);
the make target runs it explicitly. Writes docs/screenshots/<site>-<width>.png,
reduced to a 256-colour palette to keep the files small.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from ..conftest import ORGANISATION_SLUGS

pytestmark = pytest.mark.usefixtures("orm")

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = {1280: 800, 390: 844}


def test_write_screenshots_of_every_home_page(browser, site_url):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS.items():
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=1
        )
        tab = context.new_page()
        for slug in ORGANISATION_SLUGS:
            response = tab.goto(site_url(slug, "/"), wait_until="load")
            assert response is not None and response.status == 200
            path = OUTPUT / f"{slug}-{width}.png"
            tab.screenshot(path=str(path))
            with Image.open(path) as shot:
                small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
            small.save(path, optimize=True)
        context.close()
    assert len(list(OUTPUT.glob("*.png"))) >= 2 * len(ORGANISATION_SLUGS)

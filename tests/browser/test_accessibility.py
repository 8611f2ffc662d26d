"""axe-core finds no WCAG 2.1 A/AA violation on any page type, site or language;
the skip link and the feedback form work with the keyboard alone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Locale, Page, Site

from home.models import AccessibilityStatementPage, StandardPage
from sites.hosts import hostname_for
from sites.pages import SnippetIndexPage

from ..conftest import ORGANISATION_SLUGS

pytestmark = pytest.mark.usefixtures("orm")

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
axe = Axe()


def page_paths(slug: str, language: str) -> dict[str, str]:
    """One address of every page type on a site, in one language."""
    site = Site.objects.get(hostname=hostname_for(slug))
    root = site.root_page
    if language != "sv":
        root = root.get_translation(Locale.objects.get(language_code=language))
    prefix = "/en" if language == "en" else ""
    paths = {"home": root.relative_url(site)}
    children = Page.objects.live().child_of(root).specific()
    for child in children:
        path = child.relative_url(site)
        if isinstance(child, StandardPage) and "standard" not in paths:
            paths["standard"] = path
        elif isinstance(child, AccessibilityStatementPage):
            paths["accessibility"] = path
        elif isinstance(child, SnippetIndexPage):
            kind = child.snippet_model._meta.model_name
            paths[f"{kind}-index"] = path
            item = child.get_snippets().first()
            if item is not None:
                paths[f"{kind}-detail"] = path + child.reverse_subpage("detail", args=[item.slug])
            if kind == "activity":
                paths["activity-archive"] = path + child.reverse_subpage("archive")
    paths["search"] = f"{prefix}/search/?query=kultur"
    paths["search-error"] = f"{prefix}/search/?query=" + "x" * 201
    paths["not-found"] = f"{prefix}/finns-inte/"
    return paths


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("slug", ORGANISATION_SLUGS)
def test_axe_finds_no_wcag_violations(page, site_url, slug, language):
    paths = page_paths(slug, language)
    for kind in ("home", "standard", "accessibility", "project-detail", "publication-index"):
        assert kind in paths, f"{slug}/{language} has no {kind} page"
    failures = []
    for kind, path in paths.items():
        response = page.goto(site_url(slug, path), wait_until="load")
        assert response is not None
        expected = 404 if kind == "not-found" else 200
        assert response.status == expected, f"{kind}: {path} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language, path
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            failures.append(f"{kind} {path}:\n{results.generate_report()}")
    assert not failures, "\n\n".join(failures)


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, site_url):
    page.goto(site_url("natverkstan", "/"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip-link", "Gå direkt till huvudinnehållet"]
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert inside


def test_the_skip_link_reads_in_english_on_english_pages(page, site_url):
    page.goto(site_url("region-skane", "/en/"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to main content"


def test_the_feedback_form_works_with_the_keyboard_alone(page, site_url):
    from home.models import PageFeedback

    site = Site.objects.get(hostname=hostname_for("region-varmland"))
    target = Page.objects.live().child_of(site.root_page).type(StandardPage).first()
    page.goto(site_url("region-varmland", target.relative_url(site)))
    # Tab from the top of the page until the "Ja" option has focus.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") in ("feedback-yes", "feedback-no"):
            break
    else:
        pytest.fail("The feedback form's answers cannot be reached with Tab")
    assert page.evaluate("() => document.activeElement.id") == "feedback-yes"
    page.keyboard.press("Space")
    assert page.is_checked("#feedback-yes")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "feedback-comment"
    page.keyboard.type("Tydlig sida, men kontaktuppgifter saknas.")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skicka"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "feedback=thanks" in page.url
    assert "Tack för din hjälp att förbättra webbplatsen" in page.locator("#feedback").inner_text()
    # The live server saved it (on PostgreSQL in its own, committed transaction).
    assert PageFeedback.objects.filter(
        page=target, helpful=True, comment="Tydlig sida, men kontaktuppgifter saknas."
    ).exists()

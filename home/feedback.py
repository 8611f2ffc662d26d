"""Page feedback: "Fick du hjälp av informationen på sidan?" at the end of every page.

The form posts to `page_feedback` (a plain Django view, so it works without
JavaScript), which stores a `PageFeedback` and redirects back to the page
with `?feedback=thanks`, which shows the thank-you instead of the form
(post/redirect/get). A query parameter rather than a session message, so
that cached pages (cms/response_cache.py) stay correct for everyone. Whatever is wrong with a post
is answered with the form and its errors, status 400 (403 for a post from
another website), never an exception:

- the post must come from the site's own pages (`cross_site_reason`): the
  browser's `Sec-Fetch-Site` or `Origin` header says so, instead of a CSRF
  token, so pages hold nothing per visitor and set no cookie, and a CDN or
  the response cache can serve the same bytes to everyone;
- the page must be a live page of the site the post came to;
- `leave_empty` is a honeypot that people never see (hidden with CSS);
- the comment is limited in length and may not hold control characters;
- each address may post `FEEDBACK_RATE_LIMIT` answers per
  `FEEDBACK_RATE_WINDOW` seconds (Django's cache, keyed by REMOTE_ADDR).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from .models import PageFeedback

COMMENT_MAX_LENGTH = 1000
THANKS_PARAMETER, THANKS_VALUE = "feedback", "thanks"


def rate_limit() -> tuple[int, int]:
    """(posts, seconds): how many answers one address may send in how long."""
    return (
        getattr(settings, "FEEDBACK_RATE_LIMIT", 5),
        getattr(settings, "FEEDBACK_RATE_WINDOW", 10 * 60),
    )


def is_rate_limited(request: HttpRequest) -> bool:
    """Count this post against its address; True once the address is over the limit."""
    limit, window = rate_limit()
    key = "samverkan:feedback-rate:" + request.META.get("REMOTE_ADDR", "unknown")
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def cross_site_reason(request: HttpRequest) -> str:
    """Why this post is refused as coming from another website; "" when it is not.

    Browsers say where a request comes from. `Sec-Fetch-Site` (sent by every
    current browser) must be `same-origin`, or `none` (the user's own action,
    such as a bookmark); without it, `Origin` (sent with cross-origin posts
    since 2020) must be the site's own or a trusted origin. A post with
    neither header does not come from a form on another website in a browser.
    The same rules as Go's net/http CrossOriginProtection.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    if fetch_site:
        if fetch_site in ("same-origin", "none"):
            return ""
        return f"Sec-Fetch-Site: {fetch_site}"
    origin = request.headers.get("Origin")
    # Django's own check of an Origin for its CSRF protection: the site's
    # origin or one of CSRF_TRUSTED_ORIGINS (patterns too; a malformed one fails).
    if origin is None or CsrfViewMiddleware(lambda request: None)._origin_verified(request):
        return ""
    return f"Origin: {origin}"


def page_on_site(page_id: int, site: Site | None) -> Page | None:
    """The live page `page_id` if it belongs to `site`, in any of its languages."""
    if site is None:
        return None
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or page.depth < 2:
        return None
    top = page if page.depth == 2 else page.get_ancestors().filter(depth=2).first()
    if top is None or top.translation_key != site.root_page.translation_key:
        return None
    return page


def has_control_characters(value: str) -> bool:
    return any(
        unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"} and char not in "\t\n\r"
        for char in value
    )


class FeedbackForm(forms.Form):
    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(widget=forms.HiddenInput, max_length=255, required=False)
    helpful = forms.TypedChoiceField(
        label=_("Did the information on the page help you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    comment = forms.CharField(
        label=_("Tell us what information is wrong or missing (optional)"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "The comment can be at most %(limit_value)d characters long "
                "(it has %(show_value)d)."
            )
        },
    )
    # The honeypot: hidden from people with CSS, filled in by form-filling bots.
    leave_empty = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.target: Page | None = None

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        if has_control_characters(comment):
            raise forms.ValidationError(
                _("The comment contains characters that cannot be saved."), code="invalid"
            )
        return comment

    def clean_next(self) -> str:
        path = self.cleaned_data["next"]
        if not path.startswith("/") or not url_has_allowed_host_and_scheme(
            path, allowed_hosts=None
        ):
            return ""
        return path

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leave_empty"):
            raise forms.ValidationError(
                _("Your answer could not be sent. Please try again."), code="honeypot"
            )
        page_id = cleaned.get("page")
        if page_id is not None and self.request is not None:
            self.target = page_on_site(page_id, Site.find_for_request(self.request))
        if self.target is None:
            raise forms.ValidationError(
                _("The page you answered about could not be found."), code="page"
            )
        return cleaned


def feedback_form_for(page: Page, path: str) -> FeedbackForm:
    return FeedbackForm(initial={"page": page.pk, "next": path})


@csrf_exempt  # cross_site_reason() instead of a token: see the module docstring
@require_POST
def page_feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST, request=request)
    if cross_site_reason(request):
        message = _("The answer was sent from another website, so it was not accepted.")
        return refuse(request, form, message, "cross_site", status=403)
    if is_rate_limited(request):
        message = _("You have sent many answers in a short time. Please wait a few minutes.")
        return refuse(request, form, message, "rate_limited")
    if not form.is_valid():
        return render_errors(request, form)
    page = form.target
    PageFeedback.objects.create(
        page=page,
        site=Site.find_for_request(request),
        locale_id=page.locale_id,
        path=(form.cleaned_data["next"] or page.url or "")[:255],
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"].strip(),
    )
    back = (form.cleaned_data["next"] or page.get_url(request) or "/").split("#")[0]
    back = set_query_parameter(back, THANKS_PARAMETER, THANKS_VALUE)
    return HttpResponseRedirect(back + "#feedback", status=303)


def refuse(
    request: HttpRequest, form: FeedbackForm, message, code: str, status: int = 400
) -> HttpResponse:
    """The form again with what was written and `message` above it."""
    form.is_valid()  # so the form can be shown again with what was written
    form.add_error(None, forms.ValidationError(message, code=code))
    return render_errors(request, form, status)


def render_errors(request: HttpRequest, form: FeedbackForm, status: int = 400) -> HttpResponse:
    """The form again, with its errors and a way back to the page."""
    page = form.target
    back = ""
    if form.is_bound and form.errors and hasattr(form, "cleaned_data"):
        back = form.cleaned_data.get("next") or ""
    if not back and page is not None:
        back = page.get_url(request) or ""
    return TemplateResponse(
        request,
        "home/feedback_error.html",
        {"form": form, "feedback_page": page, "back_url": back},
        status=status,
    )


def set_query_parameter(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    query.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


def thanks_message(request: HttpRequest) -> str:
    """The thank-you text when the page is shown right after an answer was sent."""
    if request.GET.get(THANKS_PARAMETER) != THANKS_VALUE:
        return ""
    return _(
        "Thank you for helping us improve the website, your feedback has been sent to the editors."
    )

"""Admin registration of the page feedback listing (imported from HomeConfig.ready).

Kept apart from home/wagtail_hooks.py, which holds the shared content menu.
"""

from wagtail import hooks

from .admin_viewsets import page_feedback_viewset


@hooks.register("register_admin_viewset")
def register_page_feedback_viewset():
    return page_feedback_viewset

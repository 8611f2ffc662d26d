"""Make an image's renditions in the background, before anyone asks for them.

The API shows every image in the sizes of `RENDITIONS`; without this, the
first response that shows a new or edited image makes them all while the
visitor waits. When tasks run on a worker (TASKS_BACKEND=database), saving an
image queues `generate_renditions`. With the immediate backend (development,
tests) nothing is queued: the renditions would be made inside the upload
request, so they are left to the first request that needs them, as before.

Connected in sites/apps.py.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.images import get_image_model

from cms.api_representation import RENDITIONS


@task()
def generate_renditions(image_id: int) -> int:
    """Make the image's API renditions; return how many it has."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted meanwhile
        return 0
    return len(image.get_renditions(*RENDITIONS.values()))


def queue_renditions(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or isinstance(generate_renditions.get_backend(), ImmediateBackend):
        return
    transaction.on_commit(lambda: generate_renditions.enqueue(instance.pk))


def register() -> None:
    post_save.connect(
        queue_renditions, sender=get_image_model(), dispatch_uid="cms.renditions.queue"
    )

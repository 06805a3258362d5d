from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Portal
from .selectors import clear_portal_caches


@receiver([post_save, post_delete], sender=Portal, dispatch_uid="components.portal_changed")
def portal_changed(sender, **kwargs):
    clear_portal_caches()

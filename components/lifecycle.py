"""Hooks of a portal's life that other apps connect to, without components importing them.

    from components.lifecycle import on_portal_created

    @receiver(on_portal_created)
    def make_default_categories(sender, portal, **kwargs): ...

on_portal_created is sent inside the approving transaction (sender = Portal, kwargs: portal, by), so
what receivers create is committed, or rolled back, with the portal itself.

on_portal_merged is sent once after a merge commits (sender = Portal, kwargs: source, target): the movers announce
nothing row by row, so receivers do their per-portal work (the public site drops cached pages) once for the whole
merge.
"""

from django.dispatch import Signal

on_portal_created = Signal()
on_portal_merged = Signal()

"""The editors' builder: changing a form's draft step by step, without touching JSON.

``operations`` changes a definition (pure functions on dicts), ``properties`` is what a
field's property panel offers (each kind names its own), ``views`` are the admin pages.
Every change goes through :func:`builder.service.save_draft`, which validates the whole
definition first, so the builder never stores a draft that fails the meta-schema.
"""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ThemeConfig(AppConfig):
    name = "theme"
    verbose_name = _("Look and organisation")

    def ready(self):
        from django.core import checks

        from .checks import design_css_collected
        from .models import Theme

        checks.register(design_css_collected, "theme")
        from .service import forget_cached_theme

        post_save.connect(forget_cached_theme, sender=Theme, dispatch_uid="theme-saved")
        post_delete.connect(forget_cached_theme, sender=Theme, dispatch_uid="theme-deleted")

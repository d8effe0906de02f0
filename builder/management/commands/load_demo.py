from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_FORMS = Path(settings.BASE_DIR) / "demo" / "forms"
EDITOR_GROUP = "Formulierbeheerders"
EDITOR_PERMISSIONS = ["view_form", "add_form", "change_form", "view_formversion"]


class Command(BaseCommand):
    help = "Load the demo forms (published) and the demo editor account. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="redacteur")
        parser.add_argument("--password", default="loket-demo")

    def handle(self, *args, username: str, password: str, **options):
        call_command("import_form", *sorted(DEMO_FORMS.glob("*.json")), publish=True, stdout=self.stdout)
        group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="builder", codename__in=EDITOR_PERMISSIONS)
        )
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(group)
        self.stdout.write(
            f"editor account: {username} ({'created' if created else 'already there, password unchanged'})"
        )

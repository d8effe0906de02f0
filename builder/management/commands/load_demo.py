from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from builder import service
from builder.models import Form

DEMO_FORMS = Path(settings.BASE_DIR) / "demo" / "forms"
EDITOR_GROUP = "Formulierbeheerders"
EDITOR_PERMISSIONS = ["view_form", "add_form", "change_form", "view_formversion"]


class Command(BaseCommand):
    help = (
        "Load the demo forms (published) and the demo editor account. Safe to run again: forms that "
        "exist already are left as editors left them, unless --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="redacteur")
        parser.add_argument("--password", default="loket-demo")
        parser.add_argument("--update", action="store_true", help="re-import and publish forms that exist already")

    def handle(self, *args, username: str, password: str, update: bool, **options):
        forms = []
        for path in sorted(DEMO_FORMS.glob("*.json")):
            definition = service.parse_definition(path.read_bytes())
            if not update and Form.objects.filter(slug=definition["slug"]).exists():
                self.stdout.write(f"{definition['slug']}: already there, left as it is")
                continue
            form, version = service.import_definition(definition, publish_it=True)
            forms.append(form)
            self.stdout.write(f"{form.slug}: published as version {version.number}")
        for _receiver, message in service.demo_loaded.send(sender=self.__class__, forms=forms):
            if message:
                self.stdout.write(str(message))
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

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from builder import service
from builder.models import Form
from forms_platform import demo_accounts
from forms_platform.staff import CASE_HANDLERS, EDITORS, ensure_staff_groups

DEMO_FORMS = Path(settings.BASE_DIR) / "demo" / "forms"


class Command(BaseCommand):
    help = (
        "Load the demo forms (published) and the demo staff accounts (an editor and a case handler). "
        "Safe to run again: forms that exist already are left as editors left them, unless --update. "
        "With DEBUG on, the accounts get the demo second factor (see `manage.py demo_code`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="redacteur", help="the editor account")
        parser.add_argument("--password", default="loket-demo", help="password of both demo accounts")
        parser.add_argument("--case-handler", default="behandelaar", help="the account that reads submissions")
        parser.add_argument("--update", action="store_true", help="re-import and publish forms that exist already")

    def handle(self, *args, username: str, password: str, case_handler: str, update: bool, **options):
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
        ensure_staff_groups()
        for name, group in [(username, EDITORS), (case_handler, CASE_HANDLERS)]:
            self.account(name, password, Group.objects.get(name=group))

    def account(self, username: str, password: str, group: Group) -> None:
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(group)
        state = "created" if created else "already there, password unchanged"
        self.stdout.write(f"{group.name}: account {username} ({state})")
        # The demo's second factor has a secret printed in the README: never outside development.
        if settings.DEBUG:
            demo_accounts.give_demo_device(user)
            self.stdout.write(f"  second factor: `manage.py demo_code`, or secret {demo_accounts.SECRET_BASE32}")

from django.core.management.base import BaseCommand, CommandError

from notifications import service


class Command(BaseCommand):
    help = "Subscribe to the 'zaken' kanaal of the Notificaties API (idempotent), or --check the subscription."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only check; change nothing.")

    def handle(self, *args, check: bool = False, **options):
        if check:
            problems = service.check_subscription()
            if problems:
                raise CommandError("\n".join(problems))
            self.stdout.write("The abonnement is in place.")
            return
        try:
            result = service.subscribe()
        except service.SubscriptionProblem as exc:
            raise CommandError(str(exc)) from None
        verb = "Created" if result.created else "Already subscribed:"
        self.stdout.write(f"{verb} {result.subscription.url} -> {result.subscription.callback_url}")

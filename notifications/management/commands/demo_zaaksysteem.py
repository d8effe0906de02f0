import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from notifications import demo, service


class Command(BaseCommand):
    help = "Demo: run a local zaaksysteem (fake Zaken, Documenten, Catalogi and Notificaties APIs) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001)

    def handle(self, *args, port: int = 8001, **options):
        try:  # the fakes live with the tests; the demo runs from a checkout
            from tests.registrations import fake_zgw
            from tests.registrations.fake_notificaties import FakeZGWWithNotificaties
        except ImportError as exc:
            raise CommandError(f"the demo zaaksysteem needs the tests/ folder of a checkout: {exc}") from None
        try:
            fake_zgw.specs_dir()
            validate = True
        except FileNotFoundError:
            validate = False  # without the OpenAPI files beside the checkout it still serves, unchecked
        server = FakeZGWWithNotificaties(validate=validate, port=port)
        demo.configure(server.roots, fake_zgw.CLIENT_ID, fake_zgw.SECRET)
        try:
            result = service.subscribe()
        except service.SubscriptionProblem as exc:
            server.close()
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Demo zaaksysteem on {server.base}; notifications go to {result.subscription.callback_url}")
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        try:
            stopped.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()

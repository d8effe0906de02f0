"""The request id travels into Celery tasks in a message header, through Celery's signals.

Nothing in the task code needs to know: a task published while a request (or
another task) is handled carries that request's id, and the worker binds it
while the task runs. Work the periodic sweep re-queues gets a fresh id of its own.
"""

from celery import signals

from .logs import bind_request_id, current_request_id, new_request_id, unbind_request_id

HEADER = "loket_request_id"


def _add_request_id(headers=None, **kwargs) -> None:
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


def _bind(task=None, **kwargs) -> None:
    request = task.request
    request_id = getattr(request, HEADER, None) or (request.headers or {}).get(HEADER)
    request._loket_request_id_token = bind_request_id(request_id or current_request_id() or new_request_id())


def _unbind(task=None, **kwargs) -> None:
    token = getattr(task.request, "_loket_request_id_token", None)
    if token is not None:
        unbind_request_id(token)


def connect() -> None:
    signals.before_task_publish.connect(_add_request_id, weak=False, dispatch_uid="loket-request-id-publish")
    signals.task_prerun.connect(_bind, weak=False, dispatch_uid="loket-request-id-prerun")
    signals.task_postrun.connect(_unbind, weak=False, dispatch_uid="loket-request-id-postrun")

"""RL-04 (static): no task waits longer than the broker's visibility timeout.

With the Redis broker a message not acknowledged within ``visibility_timeout`` is delivered
again, and a message sent with an ``eta``/``countdown`` stays unacknowledged while it waits:
a delay longer than the timeout runs the task twice (celery #4766, kombu #337). Long delays
belong in the beat schedule. This reads the source, so a new call is checked without a test.
"""

import ast
from pathlib import Path

from django.conf import settings

from qms.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
APPS = ["qms", "documents", "training", "audits"]
# Keywords that make a message wait in the broker (or set how long a retry waits).
DELAY_KEYWORDS = {"countdown", "eta", "retry_backoff_max", "default_retry_delay"}


def _sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def _module_constants(tree: ast.Module) -> dict[str, object]:
    constants: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    constants[target.id] = _value(node.value, constants)
                except ValueError:
                    continue
    return constants


def _value(node: ast.expr, constants: dict[str, object]) -> object:
    """Evaluate a literal, a module constant or arithmetic on them; ValueError otherwise."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, constants), _value(node.right, constants)
        if isinstance(left, int | float) and isinstance(right, int | float):
            operations = {
                ast.Add: left + right,
                ast.Sub: left - right,
                ast.Mult: left * right,
            }
            if type(node.op) in operations:
                return operations[type(node.op)]
    raise ValueError(ast.dump(node))


def _delays() -> list[tuple[str, str, object]]:
    """Every delay keyword in the apps' code: (where, keyword, value or the expression)."""
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            pairs: list[tuple[str, ast.expr]] = []
            if isinstance(node, ast.Call):
                pairs = [(k.arg, k.value) for k in node.keywords if k.arg]
            elif isinstance(node, ast.Dict):
                pairs = [
                    (k.value, v)
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                ]
            for name, value in pairs:
                if name in DELAY_KEYWORDS:
                    where = f"{path.relative_to(ROOT)}:{value.lineno}"
                    try:
                        found.append((where, name, _value(value, constants)))
                    except ValueError:
                        found.append((where, name, ast.unparse(value)))
    return found


def _visibility_timeout() -> int:
    return int(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


def test_rl04_no_eta_and_no_countdown_beyond_the_visibility_timeout():
    """RL-04: every countdown or retry wait is a constant below the visibility timeout, and
    no code sends a message with an ``eta`` (a date that can lie any distance ahead)."""
    limit = _visibility_timeout()
    delays = _delays()
    assert any(name == "retry_backoff_max" for _where, name, _v in delays)  # it looked
    offending = [
        (where, name, value)
        for where, name, value in delays
        if name == "eta"
        or not isinstance(value, int | float)
        or isinstance(value, bool)
        or value >= limit
    ]
    assert offending == [], (
        f"delays must be constants below visibility_timeout={limit} s; use the beat "
        f"schedule for long waits: {offending}"
    )


def test_rl04_every_task_ends_and_retries_within_the_visibility_timeout():
    """A task running (time_limit) or waiting to retry longer than the timeout would be
    delivered to a second worker while the first still has it."""
    limit = _visibility_timeout()
    celery_app.loader.import_default_modules()
    for name, task in celery_app.tasks.items():
        if name.startswith("celery."):
            continue
        hard_limit = task.time_limit or celery_app.conf.task_time_limit
        assert hard_limit is not None and hard_limit < limit, name
        assert (task.retry_backoff_max or 0) < limit, name
        assert (task.default_retry_delay or 0) < limit, name

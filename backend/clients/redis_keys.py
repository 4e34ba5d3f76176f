"""Every Redis key and pub/sub channel name Labelloop uses, in one place (what each holds, and who owns it).

Each concern reads and writes its keys behind one module: the annotation queue's reservations
(backend/annotations/reservations.py), live activity (backend/annotations/activity.py), the login rate limiter
(backend/auth/rate_limit.py), the user cache (backend/auth/cache.py), model promotions (backend/models/serving.py),
the automations' lock (backend/automations/repository.py) and the event log of jobs of every kind
(backend/jobs/events.py). arq keeps its own keys (`arq:*`), under the job ids made here (backend/jobs/service.py,
backend/items/store.py).
"""

from __future__ import annotations

PREFIX = "labelloop"


def reservations(item_id: str) -> str:
    """A sorted set: annotator → until when (epoch seconds) they hold a slot of the item."""
    return f"{PREFIX}:reservations:{item_id}"


def dataset_activity(dataset_id: str) -> str:
    """A channel: a message for every label given or removed in the dataset (live activity)."""
    return f"{PREFIX}:dataset:{dataset_id}"


def labels_per_minute(dataset_id: str, minute: int) -> str:
    """A counter of the labels given in the dataset during one minute (epoch minutes)."""
    return f"{PREFIX}:labels-per-minute:{dataset_id}:{minute}"


def user_stamp(user_id: str) -> str:
    """A random stamp replaced by every change of the user: a replica's cached copy is good while it matches."""
    return f"{PREFIX}:user-stamp:{user_id}"


def login_attempts(client: str, window: int) -> str:
    """A counter of a client's login attempts in one window of the rate limiter."""
    return f"{PREFIX}:login-attempts:{client}:{window}"


# A channel: `{"name", "version"}` of each promotion or rollback; every replica loads that version.
MODELS = f"{PREFIX}:models"

# A channel: the name of a model whose named aliases or shadow share changed; every replica re-reads its routes
# (backend/models/directory.py).
MODEL_ROUTES = f"{PREFIX}:model-routes"


def job(job_id: str) -> str:
    """A channel: the events of one job (every kind, training runs included), to wake its followers."""
    return f"{PREFIX}:job:{job_id}"


def queued_attempt(job_id: str, attempt: int) -> str:
    """arq's id of one attempt of a job (arq keeps it as `arq:job:<id>`): queueing the same attempt twice runs it
    once."""
    return f"{job_id}#{attempt}"


def reconcile_soon(half_minute: int) -> str:
    """arq's id of the reconciliation asked for in one half minute (epoch seconds // 30): requests share it."""
    return f"reconcile-soon:{half_minute}"


def automation_lock(model: str) -> str:
    """A lock (redis-py's Lock) held while the worker decides whether the model's automation starts a run and
    records it: two workers or two cron ticks never start two (backend/automations/repository.py)."""
    return f"{PREFIX}:automation-lock:{model}"

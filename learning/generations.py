"""Cache generations: a family of entries is stored with the family's generation, so starting a new one makes
all of them stale at once, on every cache backend (none of them deletes by pattern)."""

import uuid


def start(cache, key):
    """Start a new generation under `key`: everything stored with an earlier one is stale from now on."""
    cache.set(key, uuid.uuid4().hex, timeout=None)


def current(cache, key, found=None):
    """The generation under `key`, starting the first one if there is none. `found`: what a `get_many` of the
    caller already read under `key`, which saves a round trip."""
    if found is not None:
        return found
    generation = cache.get(key)
    if generation is None:
        # add(), not set(): two processes starting a generation at once agree on the first one.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        generation = cache.get(key)
    return generation

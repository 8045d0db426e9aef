"""What a server process does once it has loaded the project, before its first request.

`freeze_loaded_objects` moves everything loaded so far (Django, the apps, their models, the
URLconf and the views it imports) out of the garbage collector's sight with `gc.freeze()`.
Those objects live as long as the process, but every full (oldest-generation) collection walked
all of them again — some 240 000 objects, about a tenth of the case page's Python time
(docs/performance.md, "the case page near the floor"). Frozen objects are never collected,
which is what they would be anyway; the objects of each request are collected as before.
"""

import gc


def freeze_loaded_objects() -> None:
    """Load the URLconf (and with it every view module), collect once, then freeze."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and the views now
    gc.collect()
    gc.freeze()

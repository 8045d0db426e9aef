"""lotsa.core.startup: the loaded project is frozen out of the garbage collector's sight."""

import gc

from lotsa.core.startup import freeze_loaded_objects


def test_freeze_loaded_objects_freezes_what_is_loaded_and_leaves_new_objects_collectable():
    gc.unfreeze()
    try:
        freeze_loaded_objects()
        assert gc.get_freeze_count() > 1000  # Django, the apps and the URLconf
        cycle: list[object] = []
        cycle.append(cycle)
        tracked = len(gc.get_objects())
        del cycle
        gc.collect()
        assert len(gc.get_objects()) < tracked  # a request's garbage still goes
    finally:
        gc.unfreeze()

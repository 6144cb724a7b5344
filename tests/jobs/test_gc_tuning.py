import gc

from athena.gc_tuning import YOUNG_GENERATION_THRESHOLD, tune_gc


def test_web_processes_freeze_start_up_objects_and_collect_less_often():
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)

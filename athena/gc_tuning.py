"""Garbage-collector settings for the web processes.

Rendering a full page (the custody board redraws 60 rows every 30 s) allocates many
short-lived objects, and with Python's default thresholds a full collection walks
every object Django loaded at start-up in the middle of some requests: measured on
the board, p95 131 ms with the defaults and 54 ms without those pauses
(bench/custody_board.py). Freezing the start-up objects and collecting the young
generation less often removes the pauses; memory stays bounded.
"""

import gc

YOUNG_GENERATION_THRESHOLD = 50_000


def tune_gc():
    gc.collect()
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, second, third)

"""Entries made while the server could not be reached, and sent again when it is back.

The browser keeps such a form (offline-queue.js) and posts it again with the header
``X-Athena-Offline-Replay``. Each carries its own client id, so a second delivery is
recorded once. An entry the rules now refuse (someone else recorded the same dose
meanwhile) is not dropped: it goes on the timeline as an entry to resolve, with what
was typed, and the answer is 409 so the browser tells the sergeant.
"""

"""Entries made on a device while the server could not be reached, sent when it is back.

The page saves such an entry in the device's outbox (static/athena/outbox.js) before
anything is sent, and sends it to one address (views.entry_receive) until the server
confirms it; the service worker sends it too, on Background Sync. Each entry carries its
own client id, so a second delivery is answered "already recorded" and never makes a
second row. An entry the rules refuse on arrival (a colleague gave the same dose
meanwhile) is not dropped: it is kept, open, in front of the custody officers (the
board, the record, the medication page) until one of them records it again or
dismisses it with a reason.
"""

"""The smallest SMTP server the fault suite needs: it accepts every message and appends
one JSON line per message (time received, recipients, subject) to a mailbox file.

Usage: python smtp_sink.py PORT MAILBOX

Python's smtpd is gone in 3.12 and aiosmtpd is not a dependency, so this speaks just
enough of RFC 5321 for Django's SMTP backend: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT.
"""

import asyncio
import json
import sys
import time
from email.parser import BytesHeaderParser


class Session:
    def __init__(self, mailbox):
        self.mailbox = mailbox
        self.recipients = []

    async def run(self, reader, writer):
        writer.write(b"220 faults-smtp ready\r\n")
        while True:
            line = await reader.readline()
            if not line:
                return
            verb = line[:4].upper().strip()
            if verb in (b"EHLO", b"HELO"):
                writer.write(b"250 faults-smtp\r\n")
            elif verb == b"MAIL":
                self.recipients = []
                writer.write(b"250 OK\r\n")
            elif verb == b"RCPT":
                self.recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                writer.write(b"250 OK\r\n")
            elif verb == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await writer.drain()
                self._store(await _message(reader))
                writer.write(b"250 OK: queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 Bye\r\n")
                await writer.drain()
                return
            else:  # RSET, NOOP and anything else
                writer.write(b"250 OK\r\n")
            await writer.drain()

    def _store(self, message):
        headers = BytesHeaderParser().parsebytes(message)
        with open(self.mailbox, "a", encoding="utf-8") as mailbox:
            mailbox.write(json.dumps({"at": time.time(), "to": self.recipients,
                                      "subject": str(headers.get("Subject", ""))}) + "\n")


async def _message(reader):
    lines = []
    while (line := await reader.readline()) not in (b".\r\n", b".\n", b""):
        lines.append(line[1:] if line.startswith(b"..") else line)
    return b"".join(lines)


async def main(port, mailbox):
    async def serve(reader, writer):
        try:
            await Session(mailbox).run(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))

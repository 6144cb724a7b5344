"""Real outages for the browser journeys: a server that stops and starts again on the
same address, and a network between the browser and it that can be cut while the server
stays up.

The browser talks to a small TCP relay; the relay talks to Django's live server thread.
- ``server.stop()`` stops the server: the relay's connections to it are refused, so the
  browser gets no answer (ERR_EMPTY_RESPONSE), as when the server is down.
- ``network.cut()`` stops the relay listening: the browser's connections are refused
  (ERR_CONNECTION_REFUSED) though the server is up, as when the workstation's network
  drops.
Playwright's offline emulation is not used: it does not reach service workers, which
would then carry on talking to the server.
"""

import contextlib
import socket
import threading
import time

from django.test.testcases import LiveServerThread

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import TEST_PASSWORD


def free_port():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RestartableServer:
    """Django's live server thread on a fixed port, stopped and started at will."""

    def __init__(self, port):
        self.port = port
        self.thread = None

    def start(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler

        self.thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=self.port)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error

    def stop(self):
        if self.thread is not None:
            self.thread.terminate()
            self.thread = None

    @property
    def is_running(self):
        return self.thread is not None


class Network:
    """A TCP relay from ``port`` to the server's port; cut it to drop the network."""

    def __init__(self, port, server_port):
        self.port = port
        self.server_port = server_port
        self.listener = None
        self.accepting = None
        self.open = set()  # every socket of every relayed connection
        self.lock = threading.Lock()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        self.accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self.accepting.start()

    def cut(self):
        """Refuse new connections and break the open ones."""
        if self.listener is not None:
            # shutdown, not only close: a thread blocked in accept() keeps a socket
            # closed under it listening on Linux.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.accepting.join(timeout=5)
            self.listener = None
        self.drop_connections()

    def drop_connections(self):
        """Break every open connection: a browser keeps connections alive, and would
        otherwise carry on over them after an outage began."""
        with self.lock:
            sockets, self.open = self.open, set()
        for end in sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
                end.close()

    def _accept(self, listener):
        while True:
            try:
                browser, _ = listener.accept()
            except OSError:
                return  # cut
            threading.Thread(target=self._relay, args=(browser,), daemon=True).start()

    def _relay(self, browser):
        try:
            server = socket.create_connection(("127.0.0.1", self.server_port), timeout=60)
        except OSError:
            browser.close()  # the server is down: no answer
            return
        with self.lock:
            self.open.update((browser, server))
        for source, target in ((browser, server), (server, browser)):
            threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()


# --- The browser, with a profile that survives being closed ----------------------------

def open_browser(browser, profile):
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    return context, (context.pages[0] if context.pages else context.new_page())



def sign_in(page, url, username):
    page.goto(f"{url}/account/sign-in/?next=/custody/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()



def board_kept_on_device(page):
    """Wait until the service worker has stored every page the board keeps (its
    data-offline-urls), so that nothing is still being fetched for it."""
    urls = page.locator("#custody-board").get_attribute("data-offline-urls").split()
    kept_on_device(page, "/custody/", *urls)


def kept_on_device(page, *paths):
    """Wait until the service worker has stored these pages. A page is kept by its path:
    the worker matches a page opened offline whatever its query (the board's check
    link carries ``?next=``)."""
    paths = [path.split("?", 1)[0] for path in paths]
    deadline = time.monotonic() + 30
    while True:
        kept = page.evaluate("""async () => {
            const out = [];
            for (const name of await caches.keys()) {
              const cache = await caches.open(name);
              out.push(...(await cache.keys()).map(r => new URL(r.url).pathname));
            }
            return out;
          }""")
        missing = [path for path in paths if path not in kept]
        if not missing:
            return
        assert time.monotonic() < deadline, f"Not kept on the device: {missing}"
        page.wait_for_timeout(250)



def waiting_on_device(page):
    return page.evaluate("async () => (await AthenaOutbox.entries()).length")

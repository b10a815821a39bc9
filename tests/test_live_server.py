"""The test server closes what it serves even when a browser drops the connection mid-download
(navigating away while a script loads); an unclosed file would fail whichever test was running."""
import gc
import socket
import struct
import time

from app import create_app
from tests.live_server import serve

DROPS = 30


def test_dropped_downloads_leave_no_file_open(recwarn):
    with serve(create_app("test")) as base:  # a static file: no database needed
        port = int(base.rsplit(":", 1)[1])
        for _ in range(DROPS):
            client = socket.create_connection(("127.0.0.1", port))
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            client.sendall(b"GET /static/vendor/leaflet/leaflet.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(2000).startswith(b"HTTP/1.1 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset
            client.close()
            time.sleep(0.05)
        time.sleep(0.5)
    gc.collect()
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]

"""The test realm's KdcProxy: python3-kdcproxy's WSGI application served over TLS on loopback.

Fedora clients reach FEDORAPROJECT.ORG only through an MS-KKDCP proxy over HTTPS; this serves the
same protocol, from the same project's code, so kinit in the tests speaks exactly what it speaks to
id.fedoraproject.org. Run with the system Python (the Debian and Fedora packages install the module
there only). Started by kdcproxy.ts; the environment says everything:

  PROXY_PORT        port to listen on, 0 for any free one (printed as "listening <port>")
  PROXY_CERT/KEY    the TLS certificate (issued by the test CA for localhost) and its key
  PROXY_FAULT_FILE  read on each request: "http-500" makes the proxy answer 500 without asking
                    the KDC (a proxy whose back end is broken); anything else means work normally
  PROXY_LOG         one line per request is appended here ("POST /KdcProxy 200"), for counting
  KDCPROXY_CONFIG, KRB5_CONFIG  where the proxy itself finds the KDC (kdcproxy reads both)
"""

import os
import socketserver
import ssl
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import kdcproxy


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    # A client that connects and never finishes its handshake must not stall everyone else.
    daemon_threads = True


class LoggingHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        with open(os.environ["PROXY_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{self.command} {self.path} {code}\n")

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        sys.stderr.write(format % args + "\n")


def fault():
    try:
        with open(os.environ["PROXY_FAULT_FILE"], encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""


def application(proxy):
    def serve(environ, start_response):
        if fault() == "http-500":
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"the KDC behind this proxy is broken\n"]
        return proxy(environ, start_response)

    return serve


def main():
    server = make_server(
        "127.0.0.1",
        int(os.environ["PROXY_PORT"]),
        application(kdcproxy.Application()),
        server_class=ThreadingServer,
        handler_class=LoggingHandler,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.environ["PROXY_CERT"], os.environ["PROXY_KEY"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

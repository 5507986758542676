#!/usr/bin/env python3
"""A server with a connection leak on purpose: it reads until EOF and never calls close().

After the client closes, the server's socket stays in CLOSE_WAIT for as long as this process
lives (there is no CLOSE_WAIT timeout in TCP). Usage: never_close_server.py ADDRESS PORT
"""
import socket
import sys
import threading

leaked = []  # keeps every accepted socket referenced, so the garbage collector never closes it


def drain(conn):
    while conn.recv(4096):
        pass
    sys.stderr.write("EOF from %s:%d, not closing\n" % conn.getpeername())


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((sys.argv[1], int(sys.argv[2])))
    srv.listen(64)
    while True:
        conn, _ = srv.accept()
        leaked.append(conn)
        threading.Thread(target=drain, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Open N connections, send one line on each, close them all: against never_close_server.py this
leaves N server sockets in CLOSE_WAIT and N client sockets in FIN_WAIT_2 (the article's pool).
Prints one line per connection: local_ip:port peer_ip:port. Usage: close_wait_client.py HOST PORT N
"""
import socket
import sys

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = []
for i in range(n):
    s = socket.create_connection((host, port), timeout=3)
    s.sendall(b"hello %d from the pool\n" % i)
    socks.append(s)
for s in socks:
    print("%s:%d %s:%d" % (s.getsockname() + s.getpeername()), flush=True)
    s.close()

#!/usr/bin/env python3
"""Turn off TX checksum offload on network interfaces (what `ethtool -K DEV tx off` does), without
needing ethtool. Why: with offload on, a capture taken on a veth holds TCP checksums that the
kernel never finished (CHECKSUM_PARTIAL); tools that validate checksums (Zeek by default, tshark
with tcp.check_checksum) would call two thirds of the lab's packets bad.
Run inside the namespace: ip netns exec NS tx_checksum_off.py DEV [DEV...]
"""
import fcntl
import socket
import struct
import sys
import array

SIOCETHTOOL = 0x8946
ETHTOOL_STXCSUM = 0x00000017  # struct ethtool_value { __u32 cmd; __u32 data; }


def tx_checksum_off(sock, dev):
    value = array.array("B", struct.pack("II", ETHTOOL_STXCSUM, 0))
    addr, _ = value.buffer_info()
    ifreq = struct.pack("16sP", dev.encode(), addr)
    fcntl.ioctl(sock.fileno(), SIOCETHTOOL, ifreq)


if __name__ == "__main__":
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for name in sys.argv[1:]:
            tx_checksum_off(s, name)

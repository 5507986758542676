#!/usr/bin/env python3
"""A one-port VLAN "switch" in user space, for kernels built without 802.1Q (CONFIG_VLAN_8021Q unset,
so `ip link add ... type vlan` fails) -- as on the lab VM.

It bridges a tap device, where the kernel's own TCP/IP stack sends and receives untagged Ethernet,
to a veth (the "trunk"), adding the given tags towards the trunk and removing them from it:

    kernel stack <-> TAP (untagged) <-> this relay <-> VETH (tagged: 802.1Q, or 802.1ad + 802.1Q)

The TCP segments are the kernel's; only the tags are added here, as an access port of a switch would.
tcpdump on the veth then records tagged frames (the receive path moves the outer tag to packet
metadata and libpcap puts it back, exactly as with a NIC that strips tags).

Usage: vlan_relay.py TAP_NAME TAP_ADDR/PREFIX VETH_NAME TPID:VID [TPID:VID ...]   (outer tag first)
e.g.   vlan_relay.py vt-a 203.0.113.10/24 veth-va 0x8100:100
Runs until killed. Creates TAP_NAME (MTU 1400, so tagged frames fit the veth's 1500) and gives it
TAP_ADDR.
"""
import fcntl
import os
import select
import socket
import struct
import subprocess
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
ETH_P_ALL = 0x0003
VLAN_TPIDS = (0x8100, 0x88A8, 0x9100)


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def strip_tags(frame):
    """Removes every in-band VLAN tag after the MAC addresses."""
    while len(frame) >= 18 and struct.unpack_from("!H", frame, 12)[0] in VLAN_TPIDS:
        frame = frame[:12] + frame[16:]
    return frame


def main():
    tap_name, tap_addr, veth, *tags = sys.argv[1:]
    tag_bytes = b"".join(
        struct.pack("!HH", int(t.split(":")[0], 0), int(t.split(":")[1])) for t in tags)
    tap = open_tap(tap_name)
    subprocess.run(["ip", "link", "set", tap_name, "mtu", "1400", "up"], check=True)
    subprocess.run(["ip", "addr", "add", tap_addr, "dev", tap_name], check=True)
    wire = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    wire.bind((veth, 0))
    print("relay %s <-> %s tags %s ready" % (tap_name, veth, " ".join(tags)), flush=True)
    while True:
        ready, _, _ = select.select([tap, wire], [], [])
        if tap in ready:
            frame = os.read(tap, 65535)
            if len(frame) >= 14:
                wire.send(frame[:12] + tag_bytes + frame[12:])
        if wire in ready:
            frame, addr = wire.recvfrom(65535)
            if addr[2] == socket.PACKET_OUTGOING:
                continue  # our own transmissions, looped back to the packet socket
            os.write(tap, strip_tags(frame))


if __name__ == "__main__":
    main()

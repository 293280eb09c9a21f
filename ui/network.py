"""This machine's addresses on the local network, for join-sheet QR codes
when the facilitator's browser reached the app as ``localhost``.

Read from the network interfaces (Linux ``SIOCGIFADDR``); nothing is sent."""

from __future__ import annotations

import fcntl
import ipaddress
import socket
import struct

_SIOCGIFADDR = 0x8915
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's interfaces, loopback and link-local
    left out, in interface order."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15])
                )
            except OSError:
                continue  # no IPv4 address on this interface
            address = ipaddress.IPv4Address(packed[20:24])
            if not (address.is_loopback or address.is_link_local) and str(address) not in found:
                found.append(str(address))
    return found

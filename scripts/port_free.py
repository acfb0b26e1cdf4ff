"""`make serve`'s first step: say in one line when the preview's address is already taken.

python scripts/port_free.py 127.0.0.1:8000   # exit 0 when free, 1 (and one line) when not
"""

from __future__ import annotations

import socket
import sys


def main(argv: list[str]) -> int:
    """Try to listen on HOST:PORT as the preview would; explain in one line when it cannot."""
    address = argv[0] if argv else "127.0.0.1:8000"
    host, _, port = address.rpartition(":")
    try:
        number = int(port)
    except ValueError:
        print(f"SERVE_ADDR={address}: not HOST:PORT — use e.g. 127.0.0.1:8001", file=sys.stderr)
        return 1
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview's server
        try:
            sock.bind((host.strip("[]") or "127.0.0.1", number))
        except OSError:
            print(
                f"{host}:{number} is already in use (another preview?) — stop it, or preview on "
                f"another port: SERVE_ADDR={host or '127.0.0.1'}:{number + 1} make serve",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

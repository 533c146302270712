#!/usr/bin/python3
# A hostile QMP peer on a UNIX socket, for tests/qmp-hostile.sh.
# Usage: fakeqmp.py SOCKET MODE
#   nogreet     accept and never send anything (a monitor held by another client)
#   hang        greet, accept qmp_capabilities, then never answer a command
#   disconnect  greet, accept qmp_capabilities, answer the next command halfway and close
#   garbage     greet, accept qmp_capabilities, answer the next command with binary noise
#   huge        greet, accept qmp_capabilities, answer the next command with a string
#               of 20 MiB (over pfnclass's 16 MiB cap), sent as fast as it is read
#   events      greet, then answer every command with an endless stream of events only
# Every connection is served in its own thread; the process runs until it is killed.
# It prints "listening" once the socket accepts connections.
import json
import os
import socket
import sys
import threading

GREETING = {"QMP": {"version": {"qemu": {"major": 8, "minor": 2, "micro": 0},
                                "package": ""}, "capabilities": []}}
EVENT = {"event": "RTC_CHANGE", "data": {"offset": 0},
         "timestamp": {"seconds": 0, "microseconds": 0}}


def send(c, obj):
    c.sendall(json.dumps(obj).encode() + b"\r\n")


def commands(c):
    """Yield the commands the client sends, one JSON object per line."""
    buf = b""
    while True:
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip():
                yield json.loads(line)
        data = c.recv(65536)
        if not data:
            return
        buf += data


def serve(c, mode):
    try:
        if mode == "nogreet":
            while c.recv(65536):
                pass
            return
        send(c, GREETING)
        for cmd in commands(c):
            cid = cmd.get("id")
            if cmd.get("execute") == "qmp_capabilities" and mode != "events":
                send(c, {"return": {}, "id": cid})
                continue
            if mode == "hang":
                continue
            if mode == "disconnect":
                c.sendall(b'{"return": "memory-region: system\\n  0000000000000000-00')
                c.shutdown(socket.SHUT_RDWR)
                return
            if mode == "garbage":
                c.sendall(bytes(range(256)) * 64)
                continue
            if mode == "huge":
                c.sendall(b'{"return": "' + b"x" * (20 << 20) + b'", "id": %d}\r\n' % cid)
                continue
            if mode == "events":
                while True:
                    send(c, EVENT)
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass
    finally:
        c.close()


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(8)
    print("listening", flush=True)
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, mode), daemon=True).start()


main()

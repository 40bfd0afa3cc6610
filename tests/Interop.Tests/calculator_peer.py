"""A server for the Calculator contract written from docs/protocol.md alone: a plain REP socket.

usage: python3 calculator_peer.py BIND_ENDPOINT
Prints "BOUND <endpoint>", then serves until no request comes for 10 seconds.
"""
import json
import sys

import zmq

context = zmq.Context()
socket = context.socket(zmq.REP)
socket.setsockopt(zmq.RCVTIMEO, 10000)
socket.setsockopt(zmq.LINGER, 1000)
socket.bind(sys.argv[1])
print("BOUND " + socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)


def error(code, message):
    return [b"error", json.dumps({"code": code, "message": message}).encode()]


def handle(header, body):
    operation = header.decode("utf-8")
    if operation == "Add":                      # two parameters: a JSON object keyed by parameter name
        args = json.loads(body)
        return [b"ok", json.dumps(args["a"] + args["b"]).encode()]
    if operation == "Greet":                    # one string parameter and a string result: UTF-8, no JSON
        return [b"ok", b"hello " + body]
    if operation == "Centroid":                 # one JSON parameter (a list of records), a record result
        points = json.loads(body)
        n = len(points)
        return [b"ok", json.dumps({"x": sum(p["x"] for p in points) / n, "y": sum(p["y"] for p in points) / n}).encode()]
    if operation == "Divide":
        args = json.loads(body)
        if args["divisor"] == 0:
            return error("division_by_zero", "cannot divide by zero")
        return [b"ok", json.dumps(args["dividend"] / args["divisor"]).encode()]
    if operation == "Clear":                    # no parameters, no result: a status frame alone
        return [b"ok"]
    return error("unknown_operation", f"no operation {operation}")


def split(frames):
    """A request is [header] [body]? (separate form) or [header 0xFF body] (compact form, what generated clients send)."""
    header, marker, body = frames[0].partition(b"\xff")
    if marker:
        return header, body, True
    return header, frames[1] if len(frames) > 1 else b"", False


def join(reply):
    """The reply in the compact form: [status 0xFF body], or the status alone when there is no body."""
    return [reply[0] + b"\xff" + reply[1]] if len(reply) > 1 else reply


while True:
    try:
        frames = socket.recv_multipart()
    except zmq.Again:
        break
    header, body, compact = split(frames)
    print("request " + header.decode("utf-8", "replace") + (" compact" if compact else ""), flush=True)
    reply = handle(header, body)
    socket.send_multipart(join(reply) if compact else reply)

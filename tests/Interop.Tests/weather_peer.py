"""A Weather client written from docs/protocol.md alone: a plain REQ socket, send_multipart and JSON.

usage: python3 weather_peer.py ENDPOINT
Prints one line per call: the operation, the reply status and the decoded body.
"""
import json
import sys

import zmq

context = zmq.Context()
socket = context.socket(zmq.REQ)
socket.setsockopt(zmq.RCVTIMEO, 10000)
socket.setsockopt(zmq.LINGER, 0)
socket.connect(sys.argv[1])


def call(operation, body=None):
    # Section 2.2: [header] [body]?  (REQ adds the empty delimiter that ends the envelope.)
    frames = [operation.encode("utf-8")]
    if body is not None:
        frames.append(body)
    socket.send_multipart(frames)
    reply = socket.recv_multipart()
    status = reply[0].decode("ascii")
    value = json.loads(reply[1]) if len(reply) > 1 and reply[1] else None
    print(f"{operation} {status} {json.dumps(value, sort_keys=True, ensure_ascii=False)}", flush=True)
    return status, value


call("ListCities")
call("GetForecast", json.dumps({"city": "Oslo", "days": 2}).encode())
call("Report", json.dumps({"city": "Oslo", "at": "2026-01-01T12:00:00+00:00", "celsius": -7.5}).encode())
status, forecast = call("GetForecast", json.dumps({"city": "Oslo", "days": 1}).encode())
print(f"high after report {forecast['days'][0]['highCelsius']}", flush=True)
call("ping", b"42")
call("GetForecast", json.dumps({"city": "Atlantis", "days": 1}).encode())
call("GetForecast", b"{not json")
call("Nope")

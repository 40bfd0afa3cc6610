"""A typed PUB/SUB peer written from docs/protocol.md section 5 alone, with pyzmq (libzmq).

usage: python3 pubsub_peer.py subscribe ENDPOINT COUNT       receives COUNT readings of temp/Beijing, prints "topic sequence celsius"
       python3 pubsub_peer.py publish ENDPOINT [--stamp]     binds, prints "BOUND <endpoint>", publishes Beijing and Shanghai
                                                             readings until killed: plain [topic] [body] messages, or with
                                                             --stamp a sequence stamp in each topic frame
"""
import json
import os
import sys
import time

import zmq

STAMP_MARKER = 0xFF
TRAILER_SIZE = 17  # 5.1: 0xFF, then the 16-byte stamp


def split_topic_frame(frame):
    """5.1: the frame is stamped iff its byte 17 from the end is 0xFF; returns (topic text, stamp or None)."""
    if len(frame) >= TRAILER_SIZE and frame[-TRAILER_SIZE] == STAMP_MARKER:
        return frame[:-TRAILER_SIZE], frame[-16:]
    return frame, None


mode, endpoint = sys.argv[1], sys.argv[2]
context = zmq.Context()

if mode == "subscribe":
    count = int(sys.argv[3])
    socket = context.socket(zmq.SUB)
    socket.setsockopt(zmq.RCVTIMEO, 10000)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    socket.setsockopt(zmq.SUBSCRIBE, b"temp/Beijing")
    # 5.2: a presence subscription, so the publisher's WaitForSubscribersAsync counts this peer.
    socket.setsockopt(zmq.SUBSCRIBE, b"\xffzc/subscriber/" + os.urandom(8).hex().upper().encode())
    received = 0
    while received < count:
        frame, body = socket.recv_multipart()
        topic, stamp = split_topic_frame(frame)
        if topic != b"temp/Beijing":
            continue  # 5.1: prefix matching may deliver other keys; compare the whole topic text
        assert stamp is not None, frame
        sequence = int.from_bytes(stamp[8:], "big")
        reading = json.loads(body)
        print(f"{topic.decode()} {sequence} {reading['celsius']} {reading['number']}", flush=True)
        received += 1
elif mode == "publish":
    stamped = "--stamp" in sys.argv[3:]
    publisher_id = os.urandom(8)
    sequences = {}
    socket = context.socket(zmq.PUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(endpoint)
    print("BOUND " + socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    number = 0
    while True:
        number += 1
        for city in ("Beijing", "Shanghai"):
            topic = b"temp/" + city.encode()
            body = json.dumps({"celsius": number % 50 - 10, "number": number}).encode()
            if stamped:
                # 5.3: the sequence counts per topic frame, from 1.
                sequences[topic] = sequences.get(topic, 0) + 1
                topic += bytes([STAMP_MARKER]) + publisher_id + sequences[topic].to_bytes(8, "big")
            socket.send_multipart([topic, body])
        time.sleep(0.01)
else:
    sys.exit("unknown mode " + mode)

"""A typed PUB/SUB peer written from docs/protocol.md section 5 alone, with pyzmq (libzmq).

usage: python3 pubsub_peer.py subscribe ENDPOINT COUNT   receives COUNT readings of temp/Beijing, prints "topic sequence celsius"
       python3 pubsub_peer.py publish ENDPOINT           binds, prints "BOUND <endpoint>", publishes Beijing and Shanghai
                                                         readings with empty (unstamped) stamp frames until killed
"""
import json
import os
import sys
import time

import zmq

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
        topic, stamp, body = socket.recv_multipart()
        if topic != b"temp/Beijing":
            continue  # 5.1: prefix matching may deliver other keys; compare the whole frame
        assert len(stamp) == 16, stamp
        sequence = int.from_bytes(stamp[8:], "big")
        reading = json.loads(body)
        print(f"{topic.decode()} {sequence} {reading['celsius']} {reading['number']}", flush=True)
        received += 1
elif mode == "publish":
    socket = context.socket(zmq.PUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(endpoint)
    print("BOUND " + socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    number = 0
    while True:
        number += 1
        for city in ("Beijing", "Shanghai"):
            body = json.dumps({"celsius": number % 50 - 10, "number": number}).encode()
            socket.send_multipart([b"temp/" + city.encode(), b"", body])  # 5.3: an empty stamp is "not stamped"
        time.sleep(0.01)
else:
    sys.exit("unknown mode " + mode)

"""A libzmq CURVE peer (through pyzmq) for the security tests.

router                        bind a CURVE-server ROUTER on tcp://127.0.0.1:*, print its endpoint and public key,
                              answer one message with its frames plus b"from-libzmq", then wait for b"thanks".
dealer ENDPOINT SERVER_PUBLIC CLIENT_SECRET TIMEOUT_MS
                              connect a CURVE DEALER, send [b"hello", b"", b"world"], print the reply (or
                              "no-reply") and the handshake events libzmq reports, then send b"thanks".

call ENDPOINT SERVER_PUBLIC CLIENT_SECRET TIMEOUT_MS OPERATION ARGUMENT
                              a ZeroContracts Typed call written from docs/protocol.md section 2: a CURVE DEALER sends
                              [request id][][OPERATION][ARGUMENT] and prints "reply STATUS BODY" (or "no-reply").
serve TIMEOUT_MS              a ZeroContracts Typed server from docs/protocol.md section 2 on a CURVE ROUTER: prints its
                              endpoint and public key, answers one request for "Hello" with b"hello " + argument in the
                              form the request came in (compact [ok 0xFF body] or separate [ok][body]), prints
                              "request OPERATION ARGUMENT" and "form compact" or "form separate", then "done".

Frames are printed as hex, or as #length:sha256 for frames over 64 bytes, so lines stay short.
"""
import hashlib
import sys
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

EVENT_NAMES = {getattr(zmq, n): n[len("EVENT_"):] for n in dir(zmq) if n.startswith("EVENT_") and n not in ("EVENT_ALL",)}


def show(frames):
    return ",".join(f.hex() if len(f) <= 64 else f"#{len(f)}:{hashlib.sha256(f).hexdigest()}" for f in frames)


def curve_router(ctx, timeout_ms):
    """A CURVE server ROUTER on a random loopback port with a fresh key pair; prints its endpoint and public key."""
    public, secret = zmq.curve_keypair()
    sock = ctx.socket(zmq.ROUTER)
    sock.curve_server = True
    sock.curve_publickey = public
    sock.curve_secretkey = secret
    sock.linger = 0
    sock.rcvtimeo = timeout_ms
    port = sock.bind_to_random_port("tcp://127.0.0.1")
    print(f"endpoint tcp://127.0.0.1:{port}")
    print(f"server-public {public.decode()}")
    return sock


def router(timeout_ms):
    ctx = zmq.Context()
    sock = curve_router(ctx, timeout_ms)
    try:
        message = sock.recv_multipart(copy=False)
    except zmq.Again:
        print("timeout")
        return 1
    identity, frames = message[0].bytes, [f.bytes for f in message[1:]]
    print(f"peer-socket-type {message[1].get('Socket-Type')}")
    print(f"received {show(frames)}")
    sock.send_multipart([identity] + frames + [b"from-libzmq"])
    try:
        thanks = sock.recv_multipart()
    except zmq.Again:
        print("timeout")
        return 1
    print(f"received {show(thanks[1:])}")
    print("done")
    return 0


def dealer(endpoint, server_public, client_secret, timeout_ms):
    ctx = zmq.Context()
    sock = curve_dealer(ctx, server_public, client_secret)
    monitor = sock.get_monitor_socket()
    sock.connect(endpoint)
    sock.send_multipart([b"hello", b"", b"world"])

    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    poller.register(monitor, zmq.POLLIN)
    deadline = time.monotonic() + timeout_ms / 1000
    reply = None
    failed = False
    while reply is None and time.monotonic() < deadline:
        ready = dict(poller.poll(max(1, int((deadline - time.monotonic()) * 1000))))
        if sock in ready:
            reply = sock.recv_multipart()
        if monitor in ready:
            event = recv_monitor_message(monitor)
            name = EVENT_NAMES.get(event["event"], str(event["event"]))
            print(f"event {name} {event['value']}")
            if name.startswith("HANDSHAKE_FAILED") or name == "DISCONNECTED":
                # Give a refused connection a moment to prove that nothing arrives after the failure.
                if not failed:
                    failed = True
                    deadline = min(deadline, time.monotonic() + 0.3)
    if reply is None:
        print("no-reply")
        return 0
    print(f"received {show(reply)}")
    sock.send_multipart([b"thanks"])
    # Let the last message leave before the context is torn down (linger is 0).
    time.sleep(0.2)
    print("done")
    return 0


def curve_dealer(ctx, server_public, client_secret):
    sock = ctx.socket(zmq.DEALER)
    sock.curve_serverkey = server_public.encode()
    sock.curve_secretkey = client_secret.encode()
    sock.curve_publickey = zmq.curve_public(client_secret.encode())
    sock.linger = 0
    return sock


def call(endpoint, server_public, client_secret, timeout_ms, operation, argument):
    ctx = zmq.Context()
    sock = curve_dealer(ctx, server_public, client_secret)
    sock.rcvtimeo = timeout_ms
    sock.connect(endpoint)
    request_id = (42).to_bytes(4, "big")
    sock.send_multipart([request_id, b"", operation.encode(), argument.encode()])
    try:
        reply = sock.recv_multipart()
    except zmq.Again:
        print("no-reply")
        return 0
    if reply[0] != request_id or reply[1] != b"":
        print(f"bad-envelope {show(reply)}")
        return 1
    body = reply[3].decode() if len(reply) > 3 else ""
    print(f"reply {reply[2].decode()} {body}")
    return 0


def serve(timeout_ms):
    ctx = zmq.Context()
    sock = curve_router(ctx, timeout_ms)
    try:
        message = sock.recv_multipart()
    except zmq.Again:
        print("timeout")
        return 1
    delimiter = message.index(b"", 1)
    envelope, content = message[:delimiter + 1], message[delimiter + 1:]
    # The generated client sends the compact form, [header 0xFF body]; a separate [header] [body] is read too.
    header, marker, body = content[0].partition(b"\xff")
    compact = bool(marker)
    operation = header.decode()
    argument = (body if compact else content[1] if len(content) > 1 else b"").decode()
    print(f"request {operation} {argument}")
    print("form compact" if compact else "form separate")
    if operation == "Hello":
        status, reply = b"ok", b"hello " + argument.encode()
    else:
        status, reply = b"error", b'{"code":"unknown_operation","message":"no such operation"}'
    sock.send_multipart(envelope + ([status + b"\xff" + reply] if compact else [status, reply]))
    # Let the reply leave before the context is torn down (linger is 0).
    time.sleep(0.2)
    print("done")
    return 0


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "router":
        sys.exit(router(int(sys.argv[2])))
    if mode == "serve":
        sys.exit(serve(int(sys.argv[2])))
    if mode == "call":
        sys.exit(call(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7]))
    sys.exit(dealer(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])))

"""Runs one of the seed document's Python scripts exactly as written, with what a test must control redirected.

The scripts bind or connect to fixed addresses, sleep, loop a fixed number of times and block forever in recv().
A test needs a free port, a short sleep, a small count and an end, so this runner patches pyzmq and the script's
globals, never the script's text:

  ZC_ENDPOINT         every bind() and connect() goes here instead (tcp://127.0.0.1:* binds a free port)
  ZC_SLEEP            seconds that time.sleep() sleeps instead of what the script asks (default: as asked)
  ZC_COUNT            range() yields at most this many numbers (default: as asked)
  ZC_RECV_TIMEOUT_MS  every socket's receive timeout, so a script waiting forever ends (default 10000)

After each bind it prints "ZC_BOUND <endpoint>" so the test can connect to the real port.
usage: python3 seed_runner.py SCRIPT.py
"""
import builtins
import os
import runpy
import sys
import time

import zmq

endpoint = os.environ["ZC_ENDPOINT"]
sleep_override = os.environ.get("ZC_SLEEP")
count_limit = os.environ.get("ZC_COUNT")
receive_timeout_ms = int(os.environ.get("ZC_RECV_TIMEOUT_MS", "10000"))

original_socket = zmq.Context.socket
original_bind = zmq.Socket.bind
original_connect = zmq.Socket.connect
original_sleep = time.sleep
original_range = builtins.range


def socket(self, socket_type, *args, **kwargs):
    created = original_socket(self, socket_type, *args, **kwargs)
    created.setsockopt(zmq.RCVTIMEO, receive_timeout_ms)
    created.setsockopt(zmq.LINGER, 2000)
    return created


def bind(self, _address):
    result = original_bind(self, endpoint)
    print("ZC_BOUND " + self.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    return result


def connect(self, _address):
    return original_connect(self, endpoint)


def sleep(seconds):
    original_sleep(float(sleep_override) if sleep_override is not None else seconds)


def limited_range(*args):
    numbers = original_range(*args)
    return numbers[: int(count_limit)] if count_limit is not None else numbers


zmq.Context.socket = socket
zmq.Socket.bind = bind
zmq.Socket.connect = connect
time.sleep = sleep

script = sys.argv[1]
try:
    runpy.run_path(script, init_globals={"range": limited_range}, run_name="__main__")
except zmq.Again:
    # A receive timed out: the script's peer has finished. Say so, so the test can tell it from a crash.
    print("ZC_RECEIVE_TIMEOUT", flush=True)
    sys.exit(3)

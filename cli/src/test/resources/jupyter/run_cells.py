"""Runs code cells in a Jupyter kernel as a notebook frontend does, and can press the stop button.

Reads a JSON object on standard input:
  {"cwd": FOLDER, "kernel": NAME, "timeout": SECONDS,
   "cells": [{"code": SOURCE, "interrupt_after": SECONDS or null}, ...]}
Each cell is sent as an execute request; a cell with "interrupt_after" gets an interrupt request that
many seconds after it was sent (Jupyter's stop button), and the next cell is sent as soon as the
interrupted one has replied, as a user who clicks "run" again would. Writes a JSON list on standard
output, one entry per cell: {"status", "ename", "evalue", "text", "seconds"}, where "text" joins the
cell's stream and text/plain outputs.

Kept free of anything but jupyter_client, which Jupyter's nbconvert brings.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def run_cell(km, kc, code, interrupt_after, timeout):
    started = time.time()
    msg_id = kc.execute(code)
    interrupted = False
    reply = None
    while reply is None:
        if interrupt_after is not None and not interrupted and time.time() - started >= interrupt_after:
            km.interrupt_kernel()
            interrupted = True
        try:
            msg = kc.get_shell_msg(timeout=0.2)
        except Exception:  # queue.Empty: nothing yet
            if time.time() - started > timeout:
                raise TimeoutError("cell did not reply within %d s" % timeout)
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg["content"]
    text = []
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=10)
        except Exception:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            text.append(content["text"])
        elif kind in ("execute_result", "display_data", "update_display_data"):
            text.append(content["data"].get("text/plain", "") + "\n")
        elif kind == "status" and content["execution_state"] == "idle":
            break
    return {"status": reply["status"], "ename": reply.get("ename"), "evalue": reply.get("evalue"),
            "text": "".join(text), "seconds": round(time.time() - started, 2)}


def main():
    request = json.load(sys.stdin)
    km, kc = start_new_kernel(kernel_name=request["kernel"], cwd=request["cwd"])
    try:
        results = [run_cell(km, kc, cell["code"], cell.get("interrupt_after"), request["timeout"])
                   for cell in request["cells"]]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

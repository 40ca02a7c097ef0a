#!/usr/bin/env python3
"""Start the native messaging host the way Thunderbird does, from a manifest, and say hello.

    native_hello.py MANIFEST [EXTENSION_ID]

Reads "path" from MANIFEST, starts `<path> <MANIFEST> <EXTENSION_ID>` in the host's folder, sends
one native frame (4-byte native-order length + {"id":1,"type":"hello"}), reads one reply frame and
prints it. Exit 0 when the reply is {"id":1,"ok":true,...} with a version.
"""
import json
import os
import struct
import subprocess
import sys


def main() -> int:
    manifest_path = sys.argv[1]
    extension = sys.argv[2] if len(sys.argv) > 2 else "sendcheck@sendcheck.invalid"
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    host = manifest["path"]
    if manifest.get("type") != "stdio" or extension not in manifest.get("allowed_extensions", []):
        print(f"manifest does not allow {extension} over stdio: {manifest}", file=sys.stderr)
        return 1
    request = json.dumps({"id": 1, "type": "hello"}).encode("utf-8")
    proc = subprocess.Popen([host, manifest_path, extension], cwd=os.path.dirname(host),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        proc.stdin.write(struct.pack("=I", len(request)) + request)
        proc.stdin.flush()
        header = proc.stdout.read(4)
        if len(header) != 4:
            print("no reply frame from the host", file=sys.stderr)
            return 1
        (length,) = struct.unpack("=I", header)
        reply = json.loads(proc.stdout.read(length).decode("utf-8"))
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(json.dumps(reply, ensure_ascii=False)[:400])
    ok = reply.get("id") == 1 and reply.get("ok") is True and "version" in reply.get("result", {})
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

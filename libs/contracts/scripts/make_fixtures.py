"""Writes the saved wire fixtures of every event contract (src/<event>/v1/fixtures/).

The fixtures are the bytes a v1 producer puts on the wire; the tests decode them, so a schema
change that breaks old messages fails. Each folder has `cases.json` listing the files, whether
they must decode, and for invalid ones the field the error must name. Run once after adding a
case: python3 libs/contracts/scripts/make_fixtures.py
"""

import base64
import hashlib
import json
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "src")
AT = "2026-01-02T03:04:05.000Z"


def images(n, h=2, w=2, c=3, cut=0):
    data = bytes((i * 37 + 11) % 256 for i in range(n * h * w * c - cut))
    return {"encoding": "inline", "dtype": "uint8", "shape": [n, h, w, c],
            "data": base64.b64encode(data).decode()}


def claim(n, h=32, w=32, c=3):
    data = bytes((i * 37 + 11) % 256 for i in range(n * h * w * c))
    sha = hashlib.sha256(data).hexdigest()
    return {"encoding": "claim-check", "dtype": "uint8", "shape": [n, h, w, c],
            "key": f"claims/{sha}", "sha256": sha, "bytes": len(data)}


def write(folder, cases):
    out = os.path.join(ROOT, folder, "v1", "fixtures")
    os.makedirs(out, exist_ok=True)
    listing = []
    for name, value, field in cases:
        raw = value if isinstance(value, bytes) else json.dumps(value, separators=(",", ":")).encode()
        with open(os.path.join(out, name), "wb") as f:
            f.write(raw)
        listing.append({"file": name, "valid": field is None, **({"field": field} if field not in (None, "") else {})})
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(listing, f, indent=2)
        f.write("\n")


ckpt = {"key": "runs/r1/ckpt/16/manifest.json", "step": 16}
config = {"network": "edsr", "nu": 0.015, "steps": 10, "ssimThreshold": 0.3}
clean = {"batchId": "r1:17", "runId": "r1", "step": 17, "at": AT, "seed": 17,
         "checkpoint": ckpt, "config": config, "images": images(2), "labels": [3, 7]}
write("batches_clean", [
    ("valid-inline.json", clean, None),
    ("valid-claim-check.json", {**clean, "images": claim(4), "labels": [0, 1, 2, 3]}, None),
    ("invalid-truncated-tensor.json", {**clean, "images": images(2, cut=3)}, "images.data"),
    ("invalid-labels-count.json", {**clean, "labels": [3]}, "labels"),
    ("invalid-shape-channels.json", {**clean, "images": images(2, c=2)}, "images.shape"),
    ("invalid-float-images.json", {**clean, "images": {**images(1), "dtype": "float32", "shape": [1, 1, 1, 3]}}, "images.dtype"),
    ("invalid-nu.json", {**clean, "config": {**config, "nu": -1}}, "config.nu"),
    ("invalid-json.json", b'{"batchId": "r1:17", ', ""),
])

corrupted = {"batchId": "r1:17", "runId": "r1", "step": 17, "at": AT, "workerId": "corruption-0",
             "checkpointStep": 16, "staleness": 1, "images": images(2), "ssim": [0.98, 0.97],
             "lineSearchSteps": [0, 2], "lossBefore": 0.41, "lossAfter": 1.73}
write("batches_corrupted", [
    ("valid.json", corrupted, None),
    ("invalid-ssim-count.json", {**corrupted, "ssim": [0.98]}, "ssim"),
    ("invalid-ssim-range.json", {**corrupted, "ssim": [0.98, 1.5]}, "ssim.1"),
    ("invalid-staleness.json", {**corrupted, "staleness": -1}, "staleness"),
])

run = {"eventId": "r1:progress:100", "runId": "r1", "at": AT}
write("runs", [
    ("valid-created.json", {**run, "eventId": "r1:created", "type": "created", "config": {"preset": "quick"}, "seed": 0}, None),
    ("valid-progress.json", {**run, "type": "progress", "step": 100, "totalSteps": 1000, "metrics": {"loss": 1.25}}, None),
    ("valid-checkpoint.json", {**run, "eventId": "r1:ckpt:100", "type": "checkpoint", "step": 100, "key": "runs/r1/ckpt/100/manifest.json", "sha256": "ab" * 32}, None),
    ("valid-failed.json", {**run, "eventId": "r1:failed", "type": "failed", "reason": "out of memory", "retriable": True}, None),
    ("invalid-type.json", {**run, "type": "exploded"}, "type"),
    ("invalid-at.json", {**run, "type": "started", "at": "yesterday"}, "at"),
])

req = {"requestId": "eval-1", "runId": "r1", "at": AT, "kind": "lp-robustness",
       "checkpoint": {"key": "runs/r1/ckpt/final/manifest.json", "step": 1000},
       "params": {"norm": "linf", "epsilon": 0.0314, "examples": 1000}}
write("eval_requests", [
    ("valid.json", req, None),
    ("invalid-kind.json", {**req, "kind": "vibes"}, "kind"),
    ("invalid-params.json", {**req, "params": {"norm": ["linf"]}}, "params.norm"),
])

res = {"requestId": "eval-1", "at": AT, "kind": "clean", "status": "ok", "metrics": {"accuracy": 0.91},
       "table": {"columns": ["accuracy"], "rows": [{"label": "clean", "values": [0.91]}]}}
write("eval_results", [
    ("valid-ok.json", res, None),
    ("valid-failed.json", {"requestId": "eval-2", "at": AT, "kind": "ssim", "status": "failed", "error": "checkpoint missing"}, None),
    ("invalid-table-row.json", {**res, "table": {"columns": ["a", "b"], "rows": [{"label": "x", "values": [1]}]}}, "table.rows.0.values"),
])

dlq = {"messageId": "dlq-1", "at": AT,
       "source": {"topic": "ada.batches.clean.v1", "partition": 0, "offset": "42", "key": "r1", "groupId": "corruption-service"},
       "reason": "invalid",
       "error": {"name": "ContractValidationError", "message": "invalid", "retriable": False, "field": "images.data"},
       "attempts": 1, "payload": base64.b64encode(b'{"x":1}').decode(), "payloadBytes": 7, "truncated": False, "headers": {}}
write("dlq", [
    ("valid.json", dlq, None),
    ("invalid-reason.json", {**dlq, "reason": "bored"}, "reason"),
])

areq = {"requestId": "acme-000123", "at": AT, "replyTo": "acme.augmented",
        "classifier": "models/resnet18-cifar10/manifest.json", "images": images(4), "labels": [0, 1, 2, 3], "seed": 7}
write("augment_requests", [
    ("valid.json", areq, None),
    ("valid-config-override.json", {**areq, "config": {"nu": 0.0075}}, None),
    ("invalid-reply-to.json", {**areq, "replyTo": "bad topic!"}, "replyTo"),
    ("invalid-nan.json", json.dumps({**areq, "seed": float("nan")}).encode(), ""),
])

ares = {"requestId": "acme-000123", "at": AT, "status": "ok", "images": images(4),
        "ssim": [0.99, 0.98, 0.97, 0.99], "lineSearchSteps": [0, 0, 1, 0], "checkpointStep": 1000}
write("augment_results", [
    ("valid.json", ares, None),
    ("valid-failed.json", {"requestId": "acme-000124", "at": AT, "status": "failed", "error": "unknown classifier", "retriable": False}, None),
    ("invalid-steps.json", {**ares, "lineSearchSteps": [0, 0, -1, 0]}, "lineSearchSteps.2"),
])

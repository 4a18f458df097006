"""Worker of `npm run bench:conv`: times one workload with PyTorch in this process.

Arguments: <dir> <workload id> <mode: default | steady> <threads>. Reads the workload description
that the orchestrator wrote (workloads.json), writes the output of the last run, prints
{"times": [...], "peak_rss_mb": ...}.
"""

import gzip
import json
import math
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

directory, wid, mode, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
torch.set_num_threads(threads)
torch.set_num_interop_threads(1)
spec = json.load(open(f"{directory}/workloads.json"))
w = next(x for x in spec["workloads"] if x["id"] == wid)


def read(name, shape):
    return torch.from_numpy(np.fromfile(f"{directory}/{name}", dtype="<f4").reshape(shape))


def load_test_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)
    return torch.from_numpy(images.astype(np.float32)) / 255


def runner():
    if w["op"] == "maxpool":
        x = read(w["input"], w["inputShape"])
        return lambda: F.max_pool2d(x, w["kernel"], stride=w["stride"])
    weight = read(w["weight"], w["weightShape"])
    bias = read(w["bias"], [w["weightShape"][0]])
    if w["op"] == "conv":
        x = read(w["input"], w["inputShape"])
        return lambda: F.conv2d(x, weight, bias, stride=w["stride"], padding=w["padding"])

    def e2e():
        x = load_test_images(spec["fashionTestImages"])
        y = F.relu(F.conv2d(x, weight, bias, stride=w["stride"], padding=w["padding"]))
        return F.max_pool2d(y, w["kernel"])

    return e2e


run = runner()
times = []


def once():
    started = time.perf_counter()
    with torch.no_grad():
        out = run()
    times.append((time.perf_counter() - started) * 1000)
    return out


policy = spec["repetitions"]
# Warm-up: policy["warmupCalls"] calls and policy["warmupMs"] at least, as the ConvLab worker.
warmup_start = time.perf_counter()
out = once()
while len(times) < policy["warmupCalls"] or (time.perf_counter() - warmup_start) * 1000 < policy["warmupMs"]:
    out = once()
reps = max(policy["min"], min(policy["max"], math.ceil(policy["budgetMs"] / max(times[-1], 1))))
times.clear()
for _ in range(reps):
    out = once()
out.contiguous().numpy().astype("<f4").tofile(f"{directory}/out-torch-{threads}t-{mode}-{wid}.f32")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "peak_rss_mb": peak}))

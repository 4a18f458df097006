"""Reference vectors for the labextension's layout maths, computed with PyTorch (2.13).

Receptive fields: for every output pixel, the input positions (in padded coordinates) whose
gradient is non-zero when the input is padded explicitly with F.pad and convolved without
padding. Padding modes: the source index F.pad copies into each padded position.

    /tmp/torchvenv/bin/python labextension/test/vectors/make_receptive_fields.py
"""
import json
import pathlib

import torch
import torch.nn.functional as F

CASES = [
    # name, input (h, w), kernel (h, w), padding (top, bottom, left, right), stride, dilation
    ("book 8x8 k3 p1 s2", (8, 8), (3, 3), (1, 1, 1, 1), (2, 2), (1, 1)),
    ("fashion 28x28 k3 p1 s2", (28, 28), (3, 3), (1, 1, 1, 1), (2, 2), (1, 1)),
    ("book 8x8 k3x5 p(0,1) s(3,4)", (8, 8), (3, 5), (0, 0, 1, 1), (3, 4), (1, 1)),
    ("asymmetric tf-same 7x6 k2 s2", (7, 6), (2, 2), (0, 1, 0, 0), (2, 2), (1, 1)),
    ("dilated 9x9 k3 p2 d2", (9, 9), (3, 3), (2, 2, 2, 2), (1, 1), (2, 2)),
]


def receptive_fields(size, kernel, padding, stride, dilation):
    top, bottom, left, right = padding
    x = torch.randn(1, 1, *size)
    padded = F.pad(x, (left, right, top, bottom)).detach().requires_grad_(True)
    weight = torch.ones(1, 1, *kernel)
    out = F.conv2d(padded, weight, stride=stride, dilation=dilation)
    fields = []
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            (grad,) = torch.autograd.grad(out[0, 0, i, j], padded, retain_graph=True)
            rows, cols = torch.nonzero(grad[0, 0], as_tuple=True)
            fields.append(
                {
                    "output": [i, j],
                    # padded coordinates -> input coordinates (negative = padding before)
                    "rows": sorted(set(int(r) - top for r in rows)),
                    "cols": sorted(set(int(c) - left for c in cols)),
                }
            )
    return {"outputShape": list(out.shape[2:]), "fields": fields}


def pad_sources(n, before, after, mode):
    """Which input index F.pad copies into each padded position (-1 for zeros)."""
    marker = torch.arange(n, dtype=torch.float64).reshape(1, 1, n) + 1  # 1..n, 0 = zero padding
    padded = F.pad(marker, (before, after), mode="constant" if mode == "zeros" else mode)
    return [int(v) - 1 for v in padded.flatten().tolist()]


out = {
    "torch": torch.__version__,
    "receptiveFields": [
        {
            "name": name,
            "input": list(size),
            "kernel": list(kernel),
            "padding": dict(zip(["top", "bottom", "left", "right"], padding)),
            "stride": list(stride),
            "dilation": list(dilation),
            **receptive_fields(size, kernel, padding, stride, dilation),
        }
        for name, size, kernel, padding, stride, dilation in CASES
    ],
    "padSources": [
        {"n": n, "before": b, "after": a, "mode": mode, "sources": pad_sources(n, b, a, mode)}
        for n, b, a in [(5, 2, 3), (4, 3, 1), (1, 0, 0)]
        for mode in ["zeros", "reflect", "replicate", "circular"]
        if not (mode == "reflect" and max(b, a) >= n) and not (mode == "circular" and max(b, a) > n)
    ],
}
path = pathlib.Path(__file__).with_name("layout-torch.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")

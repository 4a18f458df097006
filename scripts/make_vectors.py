"""Generates ConvLab's own PyTorch reference vectors (test/vectors/convlab-torch-vectors.json).

Run with a Python that has torch (never a runtime dependency of ConvLab):
    python -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.13.0
    /tmp/torchvenv/bin/python scripts/make_vectors.py
The format is the one of ../shared/conformance/torch-conv-pool.json.
"""

import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = Path(__file__).resolve().parent.parent / "test" / "vectors" / "convlab-torch-vectors.json"


def data(*shape):
    # Values with few decimals keep the JSON small and the sums exact enough in float64.
    return torch.randint(-9, 10, shape, dtype=torch.float64) / 4


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


vectors = []


def conv_transpose(id, description, x_shape, w_shape, stride=1, padding=0, output_padding=0, dilation=1, groups=1, bias=False):
    x, w = data(*x_shape), data(*w_shape)
    b = data(w_shape[1] * groups) if bias else None
    y = F.conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation)
    vectors.append({
        "id": id, "op": "conv_transpose2d", "description": description, "source": f"torch {torch.__version__} F.conv_transpose2d",
        "input_shape": list(x.shape), "input": x.tolist(), "weight_shape": list(w.shape), "weight": w.tolist(),
        "bias": None if b is None else b.tolist(), "stride": pair(stride), "padding": pair(padding),
        "output_padding": pair(output_padding), "dilation": pair(dilation), "groups": groups,
        "output_shape": list(y.shape), "output": y.tolist(),
    })


def conv(id, description, x_shape, w_shape, stride=1, padding=0, dilation=1, groups=1, bias=False, padding_mode="zeros"):
    x, w = data(*x_shape), data(*w_shape)
    b = data(w_shape[0]) if bias else None
    module = torch.nn.Conv2d(x_shape[1], w_shape[0], tuple(w_shape[2:]), stride=stride, padding=padding, dilation=dilation,
                             groups=groups, bias=bias, padding_mode=padding_mode).double()
    with torch.no_grad():
        module.weight.copy_(w)
        if bias:
            module.bias.copy_(b)
        y = module(x)
    vectors.append({
        "id": id, "op": "conv2d", "description": description, "source": f"torch {torch.__version__} nn.Conv2d",
        "input_shape": list(x.shape), "input": x.tolist(), "weight_shape": list(w.shape), "weight": w.tolist(),
        "bias": None if b is None else b.tolist(), "stride": pair(stride),
        "padding": padding if isinstance(padding, str) else pair(padding), "dilation": pair(dilation), "groups": groups,
        "padding_mode": padding_mode, "pre_pad": None, "output_shape": list(y.shape), "output": y.tolist(),
    })


def pool(id, description, op, x_shape, kernel, stride=None, padding=0, dilation=1, ceil_mode=False, count_include_pad=True, divisor_override=None):
    x = data(*x_shape)
    if op == "max_pool2d":
        y = F.max_pool2d(x, kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    else:
        y = F.avg_pool2d(x, kernel, stride=stride, padding=padding, ceil_mode=ceil_mode,
                         count_include_pad=count_include_pad, divisor_override=divisor_override)
    vectors.append({
        "id": id, "op": op, "description": description, "source": f"torch {torch.__version__} F.{op}",
        "input_shape": list(x.shape), "input": x.tolist(), "kernel_size": pair(kernel),
        "stride": pair(stride if stride is not None else kernel), "padding": pair(padding), "dilation": pair(dilation),
        "ceil_mode": ceil_mode, "count_include_pad": count_include_pad if op == "avg_pool2d" else None,
        "divisor_override": divisor_override, "output_shape": list(y.shape), "output": y.tolist(),
    })


# Transposed convolution: the D2L exercise "a stride of 1/2".
conv_transpose("tconv_stride2_k2", "stride 2, kernel 2: 3x3 -> 6x6 (doubles the resolution)", (1, 1, 3, 3), (1, 1, 2, 2), stride=2)
conv_transpose("tconv_stride1_k2", "stride 1 is a 'full' convolution: 2x2 -> 3x3", (1, 1, 2, 2), (1, 1, 2, 2))
conv_transpose("tconv_s2_p1_op1_k3", "k3 s2 p1 output_padding 1: 4x4 -> 8x8 (inverse shape of conv k3 s2 p1)", (1, 2, 4, 4), (2, 3, 3, 3), stride=2, padding=1, output_padding=1, bias=True)
conv_transpose("tconv_rect_stride", "kernel (2,3), stride (3,2), padding (1,0)", (2, 1, 3, 4), (1, 2, 2, 3), stride=(3, 2), padding=(1, 0))
conv_transpose("tconv_dilation2", "dilation 2, stride 2", (1, 1, 3, 3), (1, 1, 3, 3), stride=2, dilation=2)
conv_transpose("tconv_groups2", "groups 2: 4 in -> 2 out (weight [4,1,2,2])", (1, 4, 3, 3), (4, 1, 2, 2), stride=2, groups=2, bias=True)
conv_transpose("tconv_output_padding_dilation", "output_padding 1 < dilation 2 with stride 1", (1, 1, 3, 3), (1, 1, 2, 2), dilation=2, output_padding=1)

# Convolutions on non-integer data, mixing every option.
conv("conv_reflect_s2_d2", "reflect padding 2, stride 2, dilation 2", (1, 2, 7, 6), (3, 2, 3, 3), stride=2, padding=2, dilation=2, padding_mode="reflect", bias=True)
conv("conv_circular_rect", "circular padding (1,2), kernel (3,5)", (2, 1, 5, 6), (2, 1, 3, 5), padding=(1, 2), padding_mode="circular")
conv("conv_replicate_groups", "replicate padding 1, groups 2, stride (2,1)", (1, 4, 5, 5), (4, 2, 3, 3), stride=(2, 1), padding=1, groups=2, padding_mode="replicate")
conv("conv_same_k4_d2", "padding='same' with kernel 4 and dilation 2", (1, 1, 6, 7), (2, 1, 4, 4), padding="same", dilation=2, bias=True)
conv("conv_same_reflect_k3x4", "padding='same', reflect, kernel (3,4)", (1, 2, 5, 6), (1, 2, 3, 4), padding="same", padding_mode="reflect")
conv("conv_depthwise_s3", "depthwise, stride 3, padding 1", (2, 3, 8, 8), (3, 1, 3, 3), stride=3, padding=1, groups=3, bias=True)

# Pooling corner cases.
pool("maxpool_ceil_pad_dilation", "max pool k3 s2 p1 d2, ceil mode", "max_pool2d", (1, 2, 9, 8), 3, stride=2, padding=1, dilation=2, ceil_mode=True)
pool("maxpool_rect_stride", "max pool kernel (2,3) stride (1,2) padding (1,1)", "max_pool2d", (2, 1, 5, 6), (2, 3), stride=(1, 2), padding=(1, 1))
pool("avgpool_ceil_pad_exclude", "avg pool k3 s2 p1 ceil, count_include_pad=False", "avg_pool2d", (1, 1, 6, 7), 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
pool("avgpool_divisor_override_pad", "avg pool k2 s1 p1, divisor_override 3", "avg_pool2d", (1, 1, 4, 5), 2, stride=1, padding=1, divisor_override=3)

errors = [
    {"id": "tconv_output_padding_too_large", "description": "output_padding 2 with stride 2 and dilation 1",
     "code": "F.conv_transpose2d(torch.zeros(1,1,3,3), torch.zeros(1,1,3,3), stride=2, output_padding=2)"},
    {"id": "dilation_zero", "description": "dilation=0", "code": "F.conv2d(torch.zeros(1,1,5,5), torch.zeros(1,1,3,3), dilation=0)"},
    {"id": "maxpool_stride_zero", "description": "max pool stride 0", "code": "F.max_pool2d(torch.zeros(1,1,4,4), 2, stride=0)"},
    {"id": "conv_bias_wrong_length", "description": "bias of 2 for 1 output channel",
     "code": "F.conv2d(torch.zeros(1,1,5,5), torch.zeros(1,1,3,3), torch.zeros(2))"},
]
for e in errors:
    try:
        eval(e["code"], {"F": F, "torch": torch})
    except Exception as exc:  # noqa: BLE001 - we record whatever torch raises
        e["exception"] = type(exc).__name__
        e["message"] = str(exc).split("\n")[0]
    else:
        sys.exit(f"{e['id']} did not raise in torch")

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    "meta": {"generator": "scripts/make_vectors.py", "torch_version": torch.__version__, "dtype": "float64", "layout": "NCHW"},
    "vectors": vectors, "errors": errors,
}, indent=1) + "\n")
print(f"wrote {len(vectors)} vectors and {len(errors)} errors to {OUT}")

"""What the @softlabels/smoothing fixture scripts share: float32 inputs, JSON encoding, PyTorch's class axis, writing."""

import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'smoothing', 'src', '__fixtures__')


def f32(values):
    return np.asarray(values, dtype=np.float32)


def encode(values):
    """float64 reference values, 10 significant digits (far below the 1e-5 tolerance); NaN as "NaN"."""
    return ['NaN' if math.isnan(v) else float('%.10g' % v) for v in np.asarray(values, dtype=np.float64).ravel()]


def encode_input(values):
    """float32 values written with enough digits to round-trip exactly."""
    return [float(repr(float(v))) for v in np.asarray(values, dtype=np.float32).astype(np.float64).ravel()]


def to_torch_layout(x, rank):
    """[B, d1.., C] -> [B, C, d1..]"""
    if rank <= 2:
        return x
    return x.movedim(-1, 1)


def from_torch_layout(x, rank):
    """[B, C, d1..] -> [B, d1.., C]"""
    if rank <= 2:
        return x
    return x.movedim(1, -1)


def write(name, payload):
    """Writes packages/smoothing/src/__fixtures__/<name> atomically (a temporary file, then a rename)."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    temporary = path + '.tmp'
    with open(temporary, 'w') as handle:
        json.dump(payload, handle, separators=(',', ':'))
        handle.write('\n')
    os.replace(temporary, path)
    print(f'{path}: {len(payload)} cases, {os.path.getsize(path)} bytes')

#!/usr/bin/python3
"""PyTorch reference fixtures for the conv-net ops as TensorFlow.js computes them (NHWC).

Regenerate (from the repository root, with Debian's PyTorch 1.13, not the pyenv python3 first on PATH):

    /usr/bin/python3 tooling/reference/conv_fixtures.py

Writes packages/core/src/kernels/__fixtures__/conv-torch.json atomically. Every case is described in TensorFlow.js's
layout: inputs NHWC, filters HWIO ([kh, kw, in, out]); the script moves axes to PyTorch's NCHW / OIHW and back.
Inputs and the upstream gradient dy are float32 values drawn from one seeded NumPy Generator; references are computed
in float64 from exactly those values, by PyTorch autograd of sum(output * dy), and written rounded to float32.

- conv2d: F.conv2d (with and without bias) on the input padded by F.pad as TensorFlow's 'same' pads:
  pad_total = max((ceil(in / s) - 1) * s + k - in, 0), top/left = floor(pad_total / 2), the rest bottom/right.
  Output, dx, dfilter and dbias.
- maxPool: F.max_pool2d on the input padded with -inf ('same'), output and dx; inputs drawn from a few integers
  ('ties', windows with equal maxima) or from a normal distribution with no tie in any window ('distinct'). PyTorch
  sends a window's gradient to the first maximal cell in row-major order of the window; the script checks that rule
  against an independent loop and records it.
- avgPool: the window sum of the zero-padded input divided by the number of in-bounds cells of the window
  (TensorFlow's 'same' average, PyTorch's count_include_pad=False with the asymmetric pad), output and dx; checked
  against F.avg_pool2d(count_include_pad=False) wherever the pad is symmetric. Where 'same' pads, 'dxWholeWindow' is
  also recorded: the gradient when every window's dy is divided by the whole window k*k instead (PyTorch's
  count_include_pad=True on the same padded input), which is what tfjs's own cpu AvgPoolGrad computes.
- batchNorm: (x - mean) / sqrt(variance + eps) * gamma + beta, eps 1e-3. 'training' takes mean and the biased
  variance of x over every axis but the last (tf.moments(x, [0, 1, 2])), so dx flows through the statistics too;
  checked against F.batch_norm(training=True). 'inference' takes a given moving mean and variance and also records
  their gradients. Output, dx, dgamma, dbeta (and dmean, dvariance for inference).
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'core', 'src', 'kernels', '__fixtures__', 'conv-torch.json')
GENERATOR = 'tooling/reference/conv_fixtures.py'
EPS = 1e-3
rng = np.random.default_rng(20240229)


def encode(values):
    """Float32 values (references rounded to float32) as the shortest decimals that read back to the same float32."""
    out = []
    for value in np.asarray(values, dtype=np.float64).astype(np.float32).ravel():
        text = repr(value.item()) if not np.isfinite(value) else np.format_float_scientific(value, unique=True)
        number = float(text)
        if np.float32(number) != value:
            number = float(value)
        out.append(0.0 if number == 0 else number)
    return out


def normal(shape, scale=1.0, shift=0.0):
    return (rng.standard_normal(shape) * scale + shift).astype(np.float32)


def t64(array):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


def nhwc_to_nchw(x):
    return x.permute(0, 3, 1, 2)


def nchw_to_nhwc(x):
    return x.permute(0, 2, 3, 1)


def same_pad(size, kernel, stride):
    """TensorFlow's 'same': (before, after) along one axis."""
    total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def pads(pad, height, width, kh, kw, sh, sw):
    if pad == 'valid':
        return (0, 0), (0, 0)
    return same_pad(height, kh, sh), same_pad(width, kw, sw)


def pad_nchw(x, rows, cols, value=0.0):
    # F.pad takes the last axis first: (left, right, top, bottom).
    return F.pad(x, (cols[0], cols[1], rows[0], rows[1]), value=value)


def conv2d_case(name, x_shape, kernel, out_channels, strides, pad, bias, zero_dy=False):
    n, h, w, c = x_shape
    kh, kw = kernel
    sh, sw = strides
    x = normal(x_shape)
    filt = normal([kh, kw, c, out_channels], 1 / math.sqrt(kh * kw * c))
    b = normal([out_channels], 0.5) if bias else None
    rows, cols = pads(pad, h, w, kh, kw, sh, sw)
    xt, ft = t64(x), t64(filt)
    bt = t64(b) if bias else None
    y = F.conv2d(pad_nchw(nhwc_to_nchw(xt), rows, cols), ft.permute(3, 2, 0, 1), bt, stride=(sh, sw))
    y = nchw_to_nhwc(y)
    dy = np.zeros(y.shape, dtype=np.float32) if zero_dy else normal(y.shape)
    grads = torch.autograd.grad((y * torch.tensor(dy, dtype=torch.float64)).sum(), [xt, ft] + ([bt] if bias else []))
    case = {
        'name': name,
        'strides': [sh, sw],
        'pad': pad,
        'padding': {'top': rows[0], 'bottom': rows[1], 'left': cols[0], 'right': cols[1]},
        'xShape': list(x_shape),
        'filterShape': [kh, kw, c, out_channels],
        'yShape': list(y.shape),
        'x': encode(x),
        'filter': encode(filt),
        'dy': encode(dy),
        'y': encode(y.detach()),
        'dx': encode(grads[0]),
        'dfilter': encode(grads[1]),
    }
    if bias:
        case['bias'] = encode(b)
        case['dbias'] = encode(grads[2])
    return case


def pool_windows(h, w, k, s, rows, cols):
    """Yields (out_row, out_col, [(in_row, in_col) of the window's in-bounds cells in row-major order])."""
    out_h = (h + rows[0] + rows[1] - k) // s + 1
    out_w = (w + cols[0] + cols[1] - k) // s + 1
    for i in range(out_h):
        for j in range(out_w):
            cells = [(i * s - rows[0] + a, j * s - cols[0] + b) for a in range(k) for b in range(k)]
            yield i, j, [(r, q) for r, q in cells if 0 <= r < h and 0 <= q < w]


def max_pool_first_max(x, dy, k, s, rows, cols):
    """Independent float64 loop: a window's gradient goes to its first maximal cell in row-major order."""
    n, h, w, c = x.shape
    dx = np.zeros(x.shape)
    ties = 0
    for b in range(n):
        for ch in range(c):
            for i, j, cells in pool_windows(h, w, k, s, rows, cols):
                values = [x[b, r, q, ch] for r, q in cells]
                best = max(values)
                ties += values.count(best) > 1
                r, q = cells[values.index(best)]
                dx[b, r, q, ch] += dy[b, i, j, ch]
    return dx, ties


def max_pool_case(name, x_shape, k, s, pad, inputs):
    n, h, w, c = x_shape
    rows, cols = pads(pad, h, w, k, k, s, s)
    while True:
        # 'ties': a few integers, so most windows hold their maximum more than once; 'distinct': no window does.
        x = rng.integers(-2, 2, size=x_shape).astype(np.float32) if inputs == 'ties' else normal(x_shape)
        dy_shape = [n, (h + rows[0] + rows[1] - k) // s + 1, (w + cols[0] + cols[1] - k) // s + 1, c]
        dy = normal(dy_shape)
        reference, ties = max_pool_first_max(x.astype(np.float64), dy.astype(np.float64), k, s, rows, cols)
        if (ties > 0) == (inputs == 'ties'):
            break
    xt = t64(x)
    y = nchw_to_nhwc(F.max_pool2d(pad_nchw(nhwc_to_nchw(xt), rows, cols, -math.inf), k, s))
    assert list(y.shape) == dy_shape
    (dx,) = torch.autograd.grad((y * torch.tensor(dy, dtype=torch.float64)).sum(), [xt])
    assert np.array_equal(dx.numpy(), reference), f'{name}: PyTorch does not take the first maximum of a window'
    return {
        'name': name,
        'filterSize': k,
        'strides': s,
        'pad': pad,
        'padding': {'top': rows[0], 'bottom': rows[1], 'left': cols[0], 'right': cols[1]},
        'inputs': inputs,
        'tiedWindows': int(ties),
        'xShape': list(x_shape),
        'yShape': dy_shape,
        'x': encode(x),
        'dy': encode(dy),
        'y': encode(y.detach()),
        'dx': encode(dx),
    }


def avg_pool_case(name, x_shape, k, s, pad):
    n, h, w, c = x_shape
    rows, cols = pads(pad, h, w, k, k, s, s)
    x = normal(x_shape)
    xt = t64(x)
    ones = torch.ones(1, 1, h, w, dtype=torch.float64)
    total = F.avg_pool2d(pad_nchw(nhwc_to_nchw(xt), rows, cols), k, s, divisor_override=1)
    count = F.avg_pool2d(pad_nchw(ones, rows, cols), k, s, divisor_override=1)
    y = nchw_to_nhwc(total / count)
    if rows[0] == rows[1] and cols[0] == cols[1]:
        torch_y = F.avg_pool2d(nhwc_to_nchw(xt), k, s, padding=(rows[0], cols[0]), count_include_pad=False)
        assert torch.allclose(nchw_to_nhwc(torch_y), y, rtol=1e-14, atol=1e-14), name
    dy = normal(y.shape)
    (dx,) = torch.autograd.grad((y * torch.tensor(dy, dtype=torch.float64)).sum(), [xt])
    case = {
        'name': name,
        'filterSize': k,
        'strides': s,
        'pad': pad,
        'padding': {'top': rows[0], 'bottom': rows[1], 'left': cols[0], 'right': cols[1]},
        'xShape': list(x_shape),
        'yShape': list(y.shape),
        'x': encode(x),
        'dy': encode(dy),
        'y': encode(y.detach()),
        'dx': encode(dx),
    }
    if max(rows + cols) > 0:
        whole = nchw_to_nhwc(F.avg_pool2d(pad_nchw(nhwc_to_nchw(xt), rows, cols), k, s, count_include_pad=True))
        (dx_whole,) = torch.autograd.grad((whole * torch.tensor(dy, dtype=torch.float64)).sum(), [xt])
        case['dxWholeWindow'] = encode(dx_whole)
    return case


def batch_norm_case(name, x_shape, mode, constant_channel=None):
    channels = x_shape[-1]
    x = normal(x_shape, 1.5, 0.5)
    if constant_channel is not None:
        x[..., constant_channel] = np.float32(0.75)
    gamma = normal([channels], 0.5, 1.0)
    beta = normal([channels], 0.5)
    xt, gt, bt = t64(x), t64(gamma), t64(beta)
    axes = tuple(range(len(x_shape) - 1))
    case = {'name': name, 'mode': mode, 'epsilon': EPS, 'xShape': list(x_shape)}
    if mode == 'training':
        mean = xt.mean(dim=axes)
        variance = ((xt - mean) ** 2).mean(dim=axes)
        y = (xt - mean) / torch.sqrt(variance + EPS) * gt + bt
        layout = xt if len(x_shape) == 2 else nhwc_to_nchw(xt)
        torch_y = F.batch_norm(layout, None, None, gt, bt, training=True, eps=EPS)
        torch_y = torch_y if len(x_shape) == 2 else nchw_to_nhwc(torch_y)
        assert torch.allclose(torch_y, y, rtol=1e-12, atol=1e-12), name
        dy = normal(y.shape)
        wrt = [xt, gt, bt]
    else:
        moving_mean = normal([channels], 0.5)
        moving_variance = (rng.uniform(0.2, 3.0, size=[channels])).astype(np.float32)
        mt, vt = t64(moving_mean), t64(moving_variance)
        y = (xt - mt) / torch.sqrt(vt + EPS) * gt + bt
        case['mean'] = encode(moving_mean)
        case['variance'] = encode(moving_variance)
        dy = normal(y.shape)
        wrt = [xt, gt, bt, mt, vt]
    grads = torch.autograd.grad((y * torch.tensor(dy, dtype=torch.float64)).sum(), wrt)
    case.update({
        'x': encode(x),
        'gamma': encode(gamma),
        'beta': encode(beta),
        'dy': encode(dy),
        'y': encode(y.detach()),
        'dx': encode(grads[0]),
        'dgamma': encode(grads[1]),
        'dbeta': encode(grads[2]),
    })
    if mode == 'inference':
        case['dmean'] = encode(grads[3])
        case['dvariance'] = encode(grads[4])
    return case


def conv2d_cases():
    return [
        conv2d_case('1x1 s1 valid 3->5', [1, 7, 9, 3], (1, 1), 5, (1, 1), 'valid', False),
        conv2d_case('1x1 s2 same 5->3 bias', [4, 7, 9, 5], (1, 1), 3, (2, 2), 'same', True),
        conv2d_case('3x3 s1 same 1->3 bias', [1, 7, 9, 1], (3, 3), 3, (1, 1), 'same', True),
        conv2d_case('3x3 s1 valid 3->5', [4, 7, 9, 3], (3, 3), 5, (1, 1), 'valid', False),
        conv2d_case('3x3 s2 same 3->16 bias, symmetric pad', [4, 7, 9, 3], (3, 3), 16, (2, 2), 'same', True),
        conv2d_case('3x3 s2 same 5->5, asymmetric pad', [1, 8, 8, 5], (3, 3), 5, (2, 2), 'same', False),
        conv2d_case('3x3 s2 valid 5->3', [1, 7, 9, 5], (3, 3), 3, (2, 2), 'valid', False),
        conv2d_case('3x3 s1 same 16->17 bias', [4, 5, 5, 16], (3, 3), 17, (1, 1), 'same', True),
        conv2d_case('3x3 s2 valid 17->16', [1, 7, 9, 17], (3, 3), 16, (2, 2), 'valid', False),
        conv2d_case('5x5 s1 same 3->5 bias', [1, 9, 7, 3], (5, 5), 5, (1, 1), 'same', True),
        conv2d_case('5x5 s2 same 5->3, asymmetric pad', [1, 8, 8, 5], (5, 5), 3, (2, 2), 'same', False),
        conv2d_case('5x5 s1 valid 1->1', [4, 7, 9, 1], (5, 5), 1, (1, 1), 'valid', False),
        conv2d_case('3x1 s1 same 3->5 bias', [1, 7, 9, 3], (3, 1), 5, (1, 1), 'same', True),
        conv2d_case('3x1 s2 valid 5->3', [4, 7, 9, 5], (3, 1), 3, (2, 2), 'valid', False),
        conv2d_case('3x1 s2 same 3->17 bias', [1, 8, 7, 3], (3, 1), 17, (2, 2), 'same', True),
        conv2d_case('2x2 s1 same 3->3, pad only after', [1, 7, 9, 3], (2, 2), 3, (1, 1), 'same', False),
        conv2d_case('edge: 1x1 spatial, 3x3 same 3->4 bias', [4, 1, 1, 3], (3, 3), 4, (1, 1), 'same', True),
        conv2d_case('edge: 1x1 spatial, 3x3 s2 same 5->16', [1, 1, 1, 5], (3, 3), 16, (2, 2), 'same', False),
        conv2d_case('edge: 2x3 input under a 5x5 kernel, same 3->5 bias', [4, 2, 3, 3], (5, 5), 5, (1, 1), 'same',
                    True),
        conv2d_case('edge: 2x3 input under a 5x5 kernel, s2 same 1->3', [1, 2, 3, 1], (5, 5), 3, (2, 2), 'same',
                    False),
        conv2d_case('edge: all-zero dy, 3x3 s1 same 3->5 bias', [1, 7, 9, 3], (3, 3), 5, (1, 1), 'same', True,
                    zero_dy=True),
    ]


def max_pool_cases():
    cases = []
    for inputs in ('ties', 'distinct'):
        cases += [
            max_pool_case(f'2x2 s2 valid, {inputs}', [2, 7, 9, 3], 2, 2, 'valid', inputs),
            max_pool_case(f'2x2 s2 same, {inputs}', [2, 7, 9, 3], 2, 2, 'same', inputs),
            max_pool_case(f'3x3 s2 valid, {inputs}', [2, 7, 9, 2], 3, 2, 'valid', inputs),
            max_pool_case(f'3x3 s2 same, symmetric pad, {inputs}', [1, 7, 9, 3], 3, 2, 'same', inputs),
            max_pool_case(f'3x3 s2 same, asymmetric pad, {inputs}', [2, 8, 8, 2], 3, 2, 'same', inputs),
        ]
    return cases


def avg_pool_cases():
    return [
        avg_pool_case('2x2 s2 valid', [2, 7, 9, 3], 2, 2, 'valid'),
        avg_pool_case('2x2 s2 same, pad only after', [2, 7, 9, 3], 2, 2, 'same'),
        avg_pool_case('3x3 s1 same', [2, 7, 9, 4], 3, 1, 'same'),
        avg_pool_case('3x3 s1 valid', [1, 7, 9, 2], 3, 1, 'valid'),
        avg_pool_case('3x3 s2 same, asymmetric pad', [2, 8, 8, 3], 3, 2, 'same'),
    ]


def batch_norm_cases():
    return [
        batch_norm_case('training NHWC 4x5x7x3', [4, 5, 7, 3], 'training'),
        batch_norm_case('training NHWC 2x3x3x17, one constant channel', [2, 3, 3, 17], 'training', 5),
        batch_norm_case('training [8, 5]', [8, 5], 'training'),
        batch_norm_case('inference NHWC 4x5x7x3', [4, 5, 7, 3], 'inference'),
        batch_norm_case('inference [8, 5]', [8, 5], 'inference'),
    ]


def main():
    payload = {
        'generator': GENERATOR,
        'versions': {'torch': torch.__version__, 'numpy': np.__version__},
        'layout': 'NHWC inputs, HWIO filters, row-major; references float64 from the float32 inputs, rounded to float32',
        'maxPoolTies': 'first maximal cell of a window in row-major order (PyTorch 1.13 CPU)',
        'conv2d': conv2d_cases(),
        'maxPool': max_pool_cases(),
        'avgPool': avg_pool_cases(),
        'batchNorm': batch_norm_cases(),
    }
    temporary = OUT + '.tmp'
    with open(temporary, 'w') as handle:
        json.dump(payload, handle, separators=(',', ':'), allow_nan=False)
        handle.write('\n')
    os.replace(temporary, OUT)
    counts = ', '.join(f'{key} {len(payload[key])}' for key in ('conv2d', 'maxPool', 'avgPool', 'batchNorm'))
    print(f'wrote {OUT}: {counts} cases, {os.path.getsize(OUT)} bytes')


if __name__ == '__main__':
    main()

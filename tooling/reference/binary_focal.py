"""Reference fixtures for binaryFocalLoss of @softlabels/smoothing.

Regenerate (from the repository root, with Debian's PyTorch 1.13, not the pyenv python3 first on PATH):

    /usr/bin/python3 tooling/reference/binary_focal.py

Writes packages/smoothing/src/__fixtures__/binary-focal-loss.json (atomically).

torchvision is not installed here, so its `torchvision.ops.sigmoid_focal_loss` (torchvision 0.14, the release paired
with PyTorch 1.13) is written out below: its body is these six lines, run here in float64 and differentiated by
PyTorch's autograd (w.r.t. the logits and the targets):

    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss

followed by loss.mean() / loss.sum() / loss for 'mean' / 'sum' / 'none'. In float64 the plain 1 - p_t is exact
enough for the inputs below (|z| <= 20, where 1 - p_t >= 2e-9 keeps 1e-7 relative accuracy); larger logits are
checked for finiteness and limits in the TypeScript tests instead.

Checks made here before writing: with gamma = 0 and alpha = -1 the loss equals F.binary_cross_entropy_with_logits
(value and both gradients, every reduction).
Inputs are drawn in float32 (what the TensorFlow.js backends compute in); NaN is written as the string "NaN".
"""

import numpy as np
import torch
import torch.nn.functional as F

from smoothing_fixture_io import f32, encode, encode_input, write

rng = np.random.default_rng(20170808)


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction='none'):
    """torchvision.ops.sigmoid_focal_loss, as in torchvision 0.14."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == 'mean':
        loss = loss.mean()
    elif reduction == 'sum':
        loss = loss.sum()
    return loss


def evaluate(function, logits, targets):
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(targets, dtype=torch.float64, requires_grad=True)
    out = function(z, t)
    if out.numel() > 0:
        out.backward(torch.ones_like(out))
    grad_z = z.grad if z.grad is not None else torch.zeros_like(z)
    grad_t = t.grad if t.grad is not None else torch.zeros_like(t)
    return out.detach().numpy(), grad_z.numpy(), grad_t.numpy()


def assert_close(a, b, what):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if not np.allclose(a, b, rtol=1e-10, atol=1e-12, equal_nan=True):
        raise AssertionError(f'{what}: {a} != {b}')


cases = []


def add_case(name, logits, targets, gamma=2.0, alpha=0.25, reduction='mean'):
    logits, targets = f32(logits), f32(targets)
    value, grad_z, grad_t = evaluate(
        lambda z, t: sigmoid_focal_loss(z, t, alpha=alpha, gamma=gamma, reduction=reduction), logits, targets)
    if gamma == 0 and alpha < 0:
        bce = evaluate(lambda z, t: F.binary_cross_entropy_with_logits(z, t, reduction=reduction), logits, targets)
        for ours, theirs, what in zip((value, grad_z, grad_t), bce, ('value', 'logits gradient', 'targets gradient')):
            assert_close(ours, theirs, f'{name}: {what} vs F.binary_cross_entropy_with_logits')
    cases.append({
        'name': name,
        'shape': list(logits.shape),
        'logits': encode_input(logits),
        'targets': encode_input(targets),
        # alpha -1 is torchvision's "no alpha"; the TypeScript tests pass it as alpha: null as well.
        'options': {'gamma': float(gamma), 'alpha': float(alpha), 'reduction': reduction},
        'valueShape': list(np.asarray(value).shape),
        'value': encode(value),
        'gradLogits': encode(grad_z),
        'gradTargets': encode(grad_t),
    })


REDUCTIONS = ('mean', 'sum', 'none')
SHAPES = ([7], [4, 3], [2, 3, 4], [2, 2, 2, 2])

# Random cases: hard and soft targets over several ranks, gammas and alphas, every reduction.
for gamma in (0.0, 0.25, 0.5, 1.0, 2.0, 3.0):
    for alpha in (0.25, -1.0, 0.7):
        for reduction in REDUCTIONS:
            for shape in SHAPES:
                for kind in ('hard', 'soft'):
                    logits = f32(rng.normal(0, 3, size=shape))
                    if kind == 'hard':
                        targets = f32(rng.integers(0, 2, size=shape))
                    else:
                        targets = f32(rng.uniform(0, 1, size=shape))
                    add_case(f'{kind} {shape} gamma={gamma} alpha={alpha} {reduction}', logits, targets, gamma,
                             alpha, reduction)

# gamma = 0, alpha = -1: the loss is F.binary_cross_entropy_with_logits (asserted in add_case).
for reduction in REDUCTIONS:
    add_case(f'gamma=0 no alpha equals BCE {reduction}', f32(rng.normal(0, 2, size=[3, 5])),
             f32(rng.uniform(0, 1, size=[3, 5])), 0.0, -1.0, reduction)

# Near saturation: 1 - p_t from 1e-3 down to 2e-9, where float32's 1 - sigmoid would lose every digit.
near = [[7, -9, 12, -15], [20, -17, 18, 3]]
near_hard = [[1, 0, 1, 0], [1, 0, 1, 1]]
for gamma in (0.25, 0.5, 1.0, 2.0):
    for alpha in (0.25, -1.0):
        add_case(f'near saturation gamma={gamma} alpha={alpha} none', near, near_hard, gamma, alpha, 'none')
        add_case(f'near saturation wrong side gamma={gamma} alpha={alpha} none', near,
                 f32(1 - np.asarray(near_hard)), gamma, alpha, 'none')
add_case('near saturation soft targets none', near, [[0.9, 0.1, 0.99, 0.01], [0.5, 0.3, 0.999, 0.7]], 0.5, 0.25,
         'none')

# Scalars, alpha at 0 and 1, z = 0, the empty batch ('mean' NaN, 'sum' 0).
for reduction in REDUCTIONS:
    add_case(f'scalar logit {reduction}', f32(1.5), f32(1.0), 2.0, 0.25, reduction)
    add_case(f'empty {reduction}', np.zeros([0, 3]), np.zeros([0, 3]), 2.0, 0.25, reduction)
add_case('alpha=0 and alpha=1 mixed targets alpha=0', [[1, -1, 0], [2, -3, 0.5]], [[1, 0, 0.5], [0, 1, 0.2]], 2.0,
         0.0, 'none')
add_case('alpha=0 and alpha=1 mixed targets alpha=1', [[1, -1, 0], [2, -3, 0.5]], [[1, 0, 0.5], [0, 1, 0.2]], 2.0,
         1.0, 'none')
add_case('zero logits', np.zeros([2, 3]), [[1, 0, 0.5], [0, 1, 0.25]], 1.5, 0.25, 'sum')

write('binary-focal-loss.json', cases)

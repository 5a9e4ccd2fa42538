"""Reference fixtures for focalLoss of @softlabels/smoothing.

Regenerate (from the repository root, with Debian's PyTorch 1.13, not the pyenv python3 first on PATH):

    /usr/bin/python3 tooling/reference/focal.py

Writes packages/smoothing/src/__fixtures__/focal-loss.json (atomically).

The softmax focal loss is written here in float64 from the papers' formula, class axis last, and differentiated by
PyTorch's autograd (w.r.t. the logits, and w.r.t. probability targets):

    l_n = -sum_k alpha_k * s_nk * (1 - p_nk)^gamma_n * log p_nk,   p = softmax(z), s = (1 - eps) * t + eps / K

(Lin et al. 2017, Focal Loss for Dense Object Detection, eq. 5 with a per-class alpha; label smoothing of the targets
first as in Keras' CategoricalFocalCrossentropy). gamma_n is a number, or FLSD-53 (Mukhoti et al. 2020, Calibrating
Deep Neural Networks using Focal Loss): 5 where the true-class probability p_ny = sum_k t_nk p_nk is below 0.2, else
3, held constant under differentiation (detached), as the schedule is a step function of p. Rows whose label is
ignoreIndex contribute 0; 'mean' divides by the number of rows that are not ignored (NaN when there are none).
1 - p is computed as -expm1(log p), with log p from log1p of the other classes' exponentials, so that saturated
rows (1 - p down to 1e-261) stay exact in float64.

Checks made here before writing: with gamma = 0 and no alpha the formula equals F.cross_entropy(..., label_smoothing)
(value and gradient, every reduction, index and probability targets, ignore_index included).
Inputs are drawn in float32 (what the TensorFlow.js backends compute in); NaN is written as the string "NaN".
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from smoothing_fixture_io import f32, encode, encode_input, write

rng = np.random.default_rng(20170807)


def stable_log_softmax(z):
    """log softmax as (z - m) - log1p(S), S = sum of exp(z_j - m) over the classes but the (first) largest: log p of
    the largest class is then exact also where p rounds to 1 in float64 (torch.logsumexp gives log p = 0 there)."""
    m, top = z.max(dim=-1, keepdim=True)
    others = 1.0 - F.one_hot(top.squeeze(-1), z.shape[-1]).double()
    shifted = z - m
    return shifted - torch.log1p((shifted.exp() * others).sum(-1, keepdim=True))


def focal(logits, targets, kind, gamma, alpha, epsilon, reduction, ignore_index):
    """The formula above; returns (value, gradient w.r.t. logits, gradient w.r.t. probability targets or None)."""
    classes = logits.shape[-1]
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    lp = stable_log_softmax(z)
    p = lp.exp()
    if kind == 'index':
        y = torch.tensor(targets, dtype=torch.int64)
        mask = torch.ones_like(y, dtype=torch.float64) if ignore_index is None else (y != ignore_index).double()
        safe = torch.where(mask > 0, y, torch.zeros_like(y))
        t = F.one_hot(safe, classes).double()
        t_leaf = None
    else:
        t_leaf = torch.tensor(targets, dtype=torch.float64, requires_grad=True)
        t = t_leaf
        mask = torch.ones(logits.shape[:-1], dtype=torch.float64)
    s = (1 - epsilon) * t + epsilon / classes
    a = torch.ones(classes, dtype=torch.float64) if alpha is None else torch.tensor(alpha, dtype=torch.float64)
    if gamma == 'flsd-53':
        p_true = (t * p).sum(-1).detach()
        g = torch.where(p_true < 0.2, torch.tensor(5.0, dtype=torch.float64), torch.tensor(3.0, dtype=torch.float64))
    else:
        g = torch.full(logits.shape[:-1], float(gamma), dtype=torch.float64)
    modulating = (-torch.expm1(lp)) ** g.unsqueeze(-1)
    rows = -(a * s * modulating * lp).sum(-1) * mask
    if reduction == 'none':
        out = rows
    elif reduction == 'sum':
        out = rows.sum()
    elif mask.sum() > 0:
        out = rows.sum() / mask.sum()
    else:
        # 'mean' over no rows is NaN; every row is ignored, so the gradient is 0 (as PyTorch's cross_entropy gives)
        out = rows.sum() * 0.0
        out.backward(torch.ones_like(out))
        return np.array(math.nan), z.grad.numpy(), None if t_leaf is None else t_leaf.grad.numpy()
    out.backward(torch.ones_like(out))
    return out.detach().numpy(), z.grad.numpy(), None if t_leaf is None else t_leaf.grad.numpy()


def torch_cross_entropy(logits, targets, kind, epsilon, reduction, ignore_index):
    rank = logits.ndim
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    move = (lambda x: x.movedim(-1, 1)) if rank > 2 else (lambda x: x)
    if kind == 'index':
        extra = {} if ignore_index is None else {'ignore_index': ignore_index}
        out = F.cross_entropy(move(z), torch.tensor(targets, dtype=torch.int64), reduction=reduction,
                              label_smoothing=epsilon, **extra)
        t = None
    else:
        t = torch.tensor(targets, dtype=torch.float64, requires_grad=True)
        out = F.cross_entropy(move(z), move(t), reduction=reduction, label_smoothing=epsilon)
    out.backward(torch.ones_like(out))
    return out.detach().numpy(), z.grad.numpy(), None if t is None else t.grad.numpy()


def assert_close(a, b, what):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if not np.allclose(a, b, rtol=1e-10, atol=1e-12, equal_nan=True):
        raise AssertionError(f'{what}: {a} != {b}')


cases = []


def add_case(name, logits, targets, kind, gamma=2.0, alpha=None, epsilon=0.0, reduction='mean', ignore_index=None):
    logits = f32(logits)
    targets = np.asarray(targets, dtype=np.int64) if kind == 'index' else f32(targets)
    value, grad_z, grad_t = focal(logits, targets, kind, gamma, alpha, epsilon, reduction, ignore_index)
    if gamma == 0 and alpha is None:
        ce_value, ce_z, ce_t = torch_cross_entropy(logits, targets, kind, epsilon, reduction, ignore_index)
        assert_close(value, ce_value, f'{name}: value vs F.cross_entropy')
        assert_close(grad_z, ce_z, f'{name}: logits gradient vs F.cross_entropy')
        if grad_t is not None:
            assert_close(grad_t, ce_t, f'{name}: targets gradient vs F.cross_entropy')
    options = {'gamma': gamma if isinstance(gamma, str) else float(gamma), 'epsilon': float(epsilon),
               'reduction': reduction}
    if alpha is not None:
        options['alpha'] = encode_input(alpha)
    if ignore_index is not None:
        options['ignoreIndex'] = int(ignore_index)
    case = {
        'name': name,
        'logitsShape': list(logits.shape),
        'logits': encode_input(logits),
        'targetKind': kind,
        'targetsShape': list(targets.shape),
        'targets': [int(v) for v in targets.ravel()] if kind == 'index' else encode_input(targets),
        'options': options,
        'valueShape': list(np.asarray(value).shape),
        'value': encode(value),
        'gradLogits': encode(grad_z),
    }
    if grad_t is not None:
        case['gradTargets'] = encode(grad_t)
    cases.append(case)


def random_logits(shape, scale=3.0):
    return f32(rng.normal(0, scale, size=shape))


def random_probabilities(shape):
    raw = rng.gamma(0.7, size=shape)
    return f32(raw / raw.sum(-1, keepdims=True))


REDUCTIONS = ('mean', 'sum', 'none')
SHAPES = ([6, 4], [3, 2, 5], [2, 2, 2, 3], [1, 7])

# Random cases: every reduction and target kind over several ranks, gammas, alphas, epsilons and ignoreIndex.
for gamma in (0.0, 0.5, 1.0, 2.0, 3.0, 'flsd-53'):
    for reduction in REDUCTIONS:
        for kind in ('index', 'probability'):
            for shape in SHAPES:
                classes = shape[-1]
                for variant in ('plain', 'alpha+eps', 'ignore'):
                    if variant == 'ignore' and kind == 'probability':
                        continue
                    logits = random_logits(shape)
                    alpha = f32(rng.uniform(0.1, 2.0, size=classes)) if variant == 'alpha+eps' else None
                    epsilon = 0.1 if variant == 'alpha+eps' else 0.0
                    ignore_index = None
                    if kind == 'index':
                        targets = rng.integers(0, classes, size=shape[:-1])
                        if variant == 'ignore':
                            ignore_index = -100
                            targets = np.where(rng.uniform(size=shape[:-1]) < 0.35, ignore_index, targets)
                    else:
                        targets = random_probabilities(shape)
                    add_case(f'{kind} {shape} gamma={gamma} {reduction} {variant}', logits, targets, kind, gamma,
                             alpha, epsilon, reduction, ignore_index)

# gamma = 0 with label smoothing: the loss is F.cross_entropy(..., label_smoothing=eps) (asserted in add_case).
for reduction in REDUCTIONS:
    add_case(f'gamma=0 equals cross-entropy index eps=0.2 {reduction}', random_logits([5, 4]),
             rng.integers(0, 4, size=[5]), 'index', 0.0, None, 0.2, reduction, 1)
    add_case(f'gamma=0 equals cross-entropy probability eps=0.2 {reduction}', random_logits([5, 4]),
             random_probabilities([5, 4]), 'probability', 0.0, None, 0.2, reduction)

# Saturation: the labelled class (or another one) holds p = 1 in float32 (1 - p ~ 1e-18 .. 1e-87 in float64).
saturated = [[40, 0, -3], [0, 200, 1], [-5, 0, 60], [1, 2, 0.5]]
for gamma in (0.0, 0.5, 1.0, 2.0, 'flsd-53'):
    for reduction in REDUCTIONS:
        add_case(f'saturated p -> 1 gamma={gamma} {reduction}', saturated, [0, 1, 0, 2], 'index', gamma,
                 None, 0.0, reduction)
        add_case(f'saturated p -> 1 gamma={gamma} {reduction} eps=0.1 alpha', saturated, [0, 1, 2, 2], 'index',
                 gamma, f32([0.5, 1.5, 1.0]), 0.1, reduction)
    add_case(f'saturated p -> 1 gamma={gamma} probability', saturated,
             f32([[1, 0, 0], [0, 1, 0], [0.5, 0, 0.5], [0.2, 0.3, 0.5]]), 'probability', gamma)

# Near saturation, where float32's 1 - p has few correct digits unless computed from the other classes (1 - p of
# 3e-4 .. 1e-7 with gamma < 1 gives gradients of 1e-2 .. 1e-4 that a plain float32 1 - softmax gets wrong).
near = [[8, 0, -1], [0, 12, 1], [-2, 0, 16], [3, 9.5, 0]]
for gamma in (0.25, 0.5, 1.0, 2.0):
    add_case(f'near saturation gamma={gamma} sum', near, [0, 1, 2, 1], 'index', gamma, None, 0.0, 'sum')
    add_case(f'near saturation gamma={gamma} probability none', near,
             f32([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0.9, 0.1]]), 'probability', gamma, None, 0.0, 'none')

# FLSD-53 on both sides of p_y = 0.2 (p_y about 0.06, 0.13, 0.3, 0.6, 0.97; none near the threshold).
flsd_logits = [[-1, 1, 1.5], [0, 1, 1], [0, 0.2, 0.5], [1.2, 0.4, 0], [4, 0, 0.5]]
for reduction in REDUCTIONS:
    add_case(f'flsd-53 rows on both sides of 0.2 {reduction}', flsd_logits, [0, 0, 0, 0, 0], 'index', 'flsd-53',
             None, 0.0, reduction)
    add_case(f'flsd-53 rows on both sides of 0.2 {reduction} eps=0.05 alpha', flsd_logits, [0, 0, 0, 0, 0], 'index',
             'flsd-53', f32([2, 1, 0.5]), 0.05, reduction)
    add_case(f'flsd-53 one-hot targets {reduction}', flsd_logits, np.eye(3, dtype=np.float32)[[0, 0, 0, 0, 0]],
             'probability', 'flsd-53', None, 0.0, reduction)

# Every row ignored ('mean' NaN, gradient 0), an ignoreIndex that is a real class, the empty batch.
for reduction in REDUCTIONS:
    add_case(f'all rows ignored {reduction}', random_logits([3, 4]), [-1, -1, -1], 'index', 2.0, None, 0.1,
             reduction, -1)
    add_case(f'ignoreIndex is class 2 {reduction}', random_logits([6, 3]), [0, 2, 1, 2, 0, 1], 'index', 0.5,
             f32([1, 2, 3]), 0.1, reduction, 2)
    for kind in ('index', 'probability'):
        targets = np.zeros([0], dtype=np.int64) if kind == 'index' else np.zeros([0, 3], dtype=np.float32)
        add_case(f'empty batch {kind} {reduction}', np.zeros([0, 3]), targets, kind, 2.0, None, 0.0, reduction)
# alpha with zeros, large logits, constant rows.
add_case('alpha with zeros', random_logits([4, 3]), [0, 1, 2, 1], 'index', 2.0, f32([0, 1, 0]), 0.1, 'sum')
add_case('logits of +-300', f32([[300, -300, 0], [-300, 300, 300]]), [1, 2], 'index', 0.5, None, 0.0, 'none')
add_case('constant rows', np.zeros([3, 5]), [0, 4, 2], 'index', 2.0, None, 0.0, 'mean')


write('focal-loss.json', cases)

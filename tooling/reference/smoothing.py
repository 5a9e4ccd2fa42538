"""Reference fixtures for @softlabels/smoothing.

Regenerate (from the repository root, with Debian's PyTorch 1.13, not the pyenv python3 first on PATH):

    /usr/bin/python3 tooling/reference/smoothing.py

Writes packages/smoothing/src/__fixtures__/{cross-entropy,binary-cross-entropy,smooth-labels}.json (atomically).

Inputs are drawn in float32 (what the TensorFlow.js backends compute in); references are computed in float64 from
those float32 values:
- uniform prior: PyTorch's own F.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing),
  value and autograd gradient (w.r.t. logits, and w.r.t. probability targets);
- non-uniform prior: an independent float64 formula written here with explicit log-softmax, differentiated by
  autograd; checked against F.cross_entropy whenever the prior is uniform;
- binary: F.binary_cross_entropy_with_logits(input, y(1-eps)+eps/2, pos_weight, reduction).
Our class axis is the LAST one; PyTorch's is axis 1, so the script moves it before calling torch.
NaN (PyTorch's 'mean' over zero total weight) is written as the string "NaN".
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from smoothing_fixture_io import f32, encode, encode_input, to_torch_layout, from_torch_layout, write

rng = np.random.default_rng(20190602)


def torch_cross_entropy(logits, targets, kind, epsilon, reduction, weights, ignore_index):
    rank = logits.ndim
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    w = None if weights is None else torch.tensor(weights, dtype=torch.float64)
    if kind == 'index':
        t = torch.tensor(targets, dtype=torch.int64)
        extra = {} if ignore_index is None else {'ignore_index': ignore_index}
        out = F.cross_entropy(to_torch_layout(z, rank), t, weight=w, reduction=reduction, label_smoothing=epsilon,
                              **extra)
        t_grad = None
    else:
        t = torch.tensor(targets, dtype=torch.float64, requires_grad=True)
        out = F.cross_entropy(to_torch_layout(z, rank), to_torch_layout(t, rank), weight=w, reduction=reduction,
                              label_smoothing=epsilon)
    # 'none' keeps the leading axes in our layout: PyTorch gives [B, d1..] already.
    out.backward(torch.ones_like(out) if out.ndim else None)
    grad_t = None if kind == 'index' else t.grad.numpy()
    return out.detach().numpy(), z.grad.numpy(), grad_t


def formula_cross_entropy(logits, targets, kind, epsilon, reduction, weights, ignore_index, prior):
    """Independent float64 formula (explicit log-softmax, class axis last), any prior."""
    classes = logits.shape[-1]
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    lp = z - torch.logsumexp(z, dim=-1, keepdim=True)
    w = torch.ones(classes, dtype=torch.float64) if weights is None else torch.tensor(weights, dtype=torch.float64)
    pi = torch.full((classes,), 1.0 / classes, dtype=torch.float64) if prior is None else torch.tensor(
        prior, dtype=torch.float64)
    if kind == 'index':
        y = torch.tensor(targets, dtype=torch.int64)
        mask = torch.ones_like(y, dtype=torch.float64) if ignore_index is None else (y != ignore_index).double()
        safe = torch.where(mask > 0, y, torch.zeros_like(y))
        onehot = F.one_hot(safe, classes).double()
        nll = -(onehot * lp).sum(-1) * w[safe] * mask
        smooth = -(pi * w * lp).sum(-1) * mask
        rows = (1 - epsilon) * nll + epsilon * smooth
        denominator = (w[safe] * mask).sum()
        t = None
    else:
        t = torch.tensor(targets, dtype=torch.float64, requires_grad=True)
        smoothed = (1 - epsilon) * t + epsilon * pi
        rows = -(w * smoothed * lp).sum(-1)
        denominator = torch.tensor(float(rows.numel()), dtype=torch.float64)
    if reduction == 'none':
        out = rows
    elif reduction == 'sum':
        out = rows.sum()
    elif denominator > 0:
        out = rows.sum() / denominator
    else:
        # PyTorch's mean over a total weight of 0 is NaN whatever the sum (0/0 in its NLL term)
        out = rows.sum() * math.nan
    out.backward(torch.ones_like(out))
    return out.detach().numpy(), z.grad.numpy(), None if t is None else t.grad.numpy()


def random_logits(shape, scale=3.0):
    return f32(rng.normal(0, scale, size=shape))


def random_probabilities(shape):
    raw = rng.gamma(0.7, size=shape)
    return f32(raw / raw.sum(-1, keepdims=True))


def random_weights(classes):
    return f32(rng.uniform(0.2, 2.5, size=classes))


def random_prior(classes):
    raw = rng.uniform(0.05, 1.0, size=classes)
    raw = f32(raw / raw.sum())
    return raw


def random_labels(shape, classes, ignore_index):
    labels = rng.integers(0, classes, size=shape)
    if ignore_index is not None:
        # ignore roughly a third of the rows (ignore_index may be a real class, as PyTorch allows)
        drop = rng.uniform(size=shape) < 0.35
        labels = np.where(drop, ignore_index, labels)
        flat = labels.reshape(-1)
        if np.all(flat == ignore_index):
            flat[0] = (ignore_index + 1) % classes if 0 <= ignore_index < classes else 0
        labels = flat.reshape(shape)
    return labels.astype(np.int64)


cases = []


def add_case(name, logits, targets, kind, epsilon, reduction, weights=None, ignore_index=None, prior=None):
    logits = f32(logits)
    if kind == 'probability':
        targets = f32(targets)
    if prior is None:
        value, grad, grad_t = torch_cross_entropy(logits.astype(np.float64), targets, kind, epsilon, reduction,
                                                  weights, ignore_index)
        check, check_grad, _ = formula_cross_entropy(logits.astype(np.float64), targets, kind, epsilon, reduction,
                                                     weights, ignore_index, None)
        assert np.allclose(value, check, rtol=1e-10, atol=1e-12, equal_nan=True), name
        if not np.isnan(value).any():
            assert np.allclose(grad, check_grad, rtol=1e-10, atol=1e-12), name
        source = 'torch.nn.functional.cross_entropy'
    else:
        value, grad, grad_t = formula_cross_entropy(logits.astype(np.float64), targets, kind, epsilon, reduction,
                                                    weights, ignore_index, prior)
        source = 'float64 formula'
    options = {'epsilon': epsilon, 'reduction': reduction}
    if weights is not None:
        options['classWeights'] = encode_input(weights)
    if ignore_index is not None:
        options['ignoreIndex'] = int(ignore_index)
    if prior is not None:
        options['prior'] = encode_input(prior)
    case = {
        'name': name,
        'source': source,
        'logitsShape': list(logits.shape),
        'logits': encode_input(logits),
        'targetKind': kind,
        'targetsShape': list(np.shape(targets)),
        'targets': encode_input(targets) if kind == 'probability' else [int(v) for v in np.ravel(targets)],
        'options': options,
        'valueShape': list(np.shape(value)),
        'value': encode(value),
        'gradLogits': encode(grad),
    }
    if grad_t is not None:
        case['gradTargets'] = encode(grad_t)
    cases.append(case)


SHAPES = [[6, 5], [2, 3, 4], [2, 2, 2, 3], [5, 2], [4, 7]]
EPSILONS = [0.0, 0.1, 0.37, 1.0]
REDUCTIONS = ['mean', 'sum', 'none']

# Index targets: every combination of reduction x weights x ignore index x epsilon, on two shapes each.
index = 0
for reduction in REDUCTIONS:
    for weighted in (False, True):
        for ignore in (None, -100, 1):
            for epsilon in EPSILONS:
                for repeat in range(2):
                    shape = SHAPES[index % len(SHAPES)]
                    index += 1
                    classes = shape[-1]
                    weights = random_weights(classes) if weighted else None
                    labels = random_labels(shape[:-1], classes, ignore)
                    add_case(f'index {shape} {reduction} eps={epsilon} weights={weighted} ignore={ignore}',
                             random_logits(shape), labels, 'index', epsilon, reduction, weights, ignore)

# Probability targets: every reduction x weights x epsilon, on three shapes each.
for reduction in REDUCTIONS:
    for weighted in (False, True):
        for epsilon in EPSILONS:
            for repeat in range(3):
                shape = SHAPES[index % len(SHAPES)]
                index += 1
                classes = shape[-1]
                weights = random_weights(classes) if weighted else None
                add_case(f'probability {shape} {reduction} eps={epsilon} weights={weighted}', random_logits(shape),
                         random_probabilities(shape), 'probability', epsilon, reduction, weights)

# Edge cases.
for reduction in REDUCTIONS:
    for weighted in (False, True):
        # every row ignored: PyTorch gives NaN for 'mean' (0 / 0) with a zero gradient; 0 for 'sum' and 'none'
        shape = [4, 3]
        add_case(f'all rows ignored {reduction} weights={weighted}', random_logits(shape), np.full([4], -100),
                 'index', 0.1, reduction, random_weights(3) if weighted else None, -100)
    for kind in ('index', 'probability'):
        for weighted in (False, True):
            # huge logits: ±1e4 with a few ordinary values
            shape = [4, 5]
            logits = random_logits(shape)
            logits[0, :] = [1e4, -1e4, 0, 5e3, -1e4]
            logits[1, :] = -1e4
            logits[2, 1] = 1e4
            logits[3, :] = [-1e4, 1e4, 1e4, -3, 2]
            targets = random_labels([4], 5, None) if kind == 'index' else random_probabilities(shape)
            add_case(f'huge logits {kind} {reduction} weights={weighted}', logits, targets, kind, 0.1, reduction,
                     random_weights(5) if weighted else None)
            # every row constant (including a large constant)
            logits = np.zeros(shape, dtype=np.float32)
            logits[1, :] = 7.5
            logits[2, :] = -1e4
            logits[3, :] = 1e4
            targets = random_labels([4], 5, None) if kind == 'index' else random_probabilities(shape)
            add_case(f'equal rows {kind} {reduction} weights={weighted}', logits, targets, kind, 0.2, reduction,
                     random_weights(5) if weighted else None)
        # one class: log-softmax is 0, loss and gradient vanish
        targets = np.zeros([3], dtype=np.int64) if kind == 'index' else np.ones([3, 1], dtype=np.float32)
        add_case(f'one class {kind} {reduction}', random_logits([3, 1]), targets, kind, 0.1, reduction)

# Non-uniform priors (independent float64 formula).
for reduction in REDUCTIONS:
    for kind in ('index', 'probability'):
        for weighted in (False, True):
            for epsilon in (0.1, 1.0):
                shape = SHAPES[index % len(SHAPES)]
                index += 1
                classes = shape[-1]
                ignore = -100 if (kind == 'index' and epsilon == 0.1) else None
                targets = random_labels(shape[:-1], classes, ignore) if kind == 'index' else random_probabilities(
                    shape)
                add_case(f'prior {kind} {shape} {reduction} eps={epsilon} weights={weighted} ignore={ignore}',
                         random_logits(shape), targets, kind, epsilon, reduction,
                         random_weights(classes) if weighted else None, ignore, random_prior(classes))

# Binary (sigmoid) cross-entropy with targets smoothed towards 0.5.
binary = []
BINARY_SHAPES = [[7], [4, 3], [2, 3, 2]]


def add_binary_case(name, shape, logits, targets, epsilon, reduction, positive, pos_weight):
    z = torch.tensor(logits.astype(np.float64), requires_grad=True)
    t = torch.tensor(targets.astype(np.float64), requires_grad=True)
    pw = None if pos_weight is None else torch.tensor(pos_weight.astype(np.float64))
    out = F.binary_cross_entropy_with_logits(z, t * (1 - epsilon) + epsilon / 2, pos_weight=pw, reduction=reduction)
    out.backward(torch.ones_like(out))
    options = {'epsilon': epsilon, 'reduction': reduction}
    if positive == 'scalar':
        options['positiveWeight'] = float(pos_weight[0])
    elif positive == 'vector':
        options['positiveWeight'] = encode_input(pos_weight)
    binary.append({
        'name': name,
        'shape': shape,
        'logits': encode_input(logits),
        'targets': encode_input(targets),
        'options': options,
        'valueShape': list(out.shape),
        'value': encode(out.detach().numpy()),
        'gradLogits': encode(z.grad.numpy()),
        'gradTargets': encode(t.grad.numpy()),
    })


for reduction in REDUCTIONS:
    for positive in (None, 'scalar', 'vector'):
        for epsilon in (0.0, 0.1, 1.0):
            shape = BINARY_SHAPES[len(binary) % len(BINARY_SHAPES)]
            logits = random_logits(shape, 4.0)
            if len(binary) % 4 == 0:
                logits.ravel()[:3] = [1e4, -1e4, 30.0]
            targets = f32(np.where(rng.uniform(size=shape) < 0.3, rng.uniform(size=shape),
                                   rng.integers(0, 2, size=shape)))
            if positive is None:
                pos_weight = None
            elif positive == 'scalar':
                pos_weight = f32([rng.uniform(0.3, 3.0)])
            else:
                pos_weight = f32(rng.uniform(0.3, 3.0, size=shape[-1]))
            add_binary_case(f'binary {shape} {reduction} eps={epsilon} positiveWeight={positive}', shape, logits,
                            targets, epsilon, reduction, positive, pos_weight)

# smoothLabels: (1 - eps) * onehot + eps * prior.
smooth = []
for shape, classes, epsilon, with_prior in [([5], 4, 0.1, False), ([2, 3], 3, 0.0, False), ([4], 6, 1.0, False),
                                             ([3], 5, 0.25, True), ([2, 2], 2, 0.1, True), ([3], 1, 0.3, False)]:
    labels = rng.integers(0, classes, size=shape)
    prior = random_prior(classes) if with_prior else None
    pi = torch.full((classes,), 1.0 / classes, dtype=torch.float64) if prior is None else torch.tensor(
        prior.astype(np.float64))
    expected = (1 - epsilon) * F.one_hot(torch.tensor(labels), classes).double() + epsilon * pi
    options = {'epsilon': epsilon}
    if prior is not None:
        options['prior'] = encode_input(prior)
    smooth.append({
        'name': f'smoothLabels {shape} C={classes} eps={epsilon} prior={with_prior}',
        'labelsShape': shape,
        'labels': [int(v) for v in labels.ravel()],
        'numClasses': classes,
        'options': options,
        'valueShape': list(expected.shape),
        'value': encode(expected.numpy()),
    })

# PyTorch's degenerate reductions. They draw from a generator of their own, so the cases above do not depend on them.
# Empty batches: 'sum' is 0, 'mean' NaN, 'none' empty, gradients empty. 'mean' over a total label weight of 0 (every
# class weighted 0, or only the labelled ones): NaN, with a NaN gradient on every row that is not ignored and 0 on
# ignored rows; 'sum' and 'none' stay finite.
edge_rng = np.random.default_rng(20190603)
for reduction in REDUCTIONS:
    for kind in ('index', 'probability'):
        for shape in ([0, 3], [2, 0, 4]):
            targets = np.zeros(shape[:-1], dtype=np.int64) if kind == 'index' else np.zeros(shape, dtype=np.float32)
            add_case(f'empty batch {kind} {shape} {reduction}', np.zeros(shape), targets, kind, 0.1, reduction)
        add_case(f'empty batch {kind} [0, 3] {reduction} weights=True', np.zeros([0, 3]),
                 np.zeros([0], dtype=np.int64) if kind == 'index' else np.zeros([0, 3], dtype=np.float32), kind, 0.1,
                 reduction, f32([0.5, 2.0, 1.0]))
    for epsilon in EPSILONS:
        for variant, weights, labels in [('all weights 0', [0, 0, 0], [0, 2, 1, 1]),
                                         ('labelled classes weighted 0', [0, 1.5, 0], [0, 2, 2, 0]),
                                         ('labelled classes weighted 0, rows ignored', [0, 1.5, 0], [0, -100, 2, -100])]:
            add_case(f'zero total weight {reduction} eps={epsilon} {variant}', f32(edge_rng.normal(0, 3, size=[4, 3])),
                     np.array(labels, dtype=np.int64), 'index', epsilon, reduction, f32(weights), -100)
for reduction in REDUCTIONS:
    for shape, positive in [([0], None), ([0, 3], 'vector')]:
        pos_weight = None if positive is None else f32(edge_rng.uniform(0.3, 3.0, size=shape[-1]))
        add_binary_case(f'binary empty batch {shape} {reduction} positiveWeight={positive}', shape, np.zeros(shape),
                        np.zeros(shape), 0.1, reduction, positive, pos_weight)


write('cross-entropy.json', cases)
write('binary-cross-entropy.json', binary)
write('smooth-labels.json', smooth)

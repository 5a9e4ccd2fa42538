"""Reference fixtures for confidencePenaltyCrossEntropy of @softlabels/smoothing.

Regenerate (from the repository root, with Debian's PyTorch 1.13, not the pyenv python3 first on PATH):

    /usr/bin/python3 tooling/reference/confidence_penalty.py

Writes packages/smoothing/src/__fixtures__/confidence-penalty.json (atomically).

The confidence penalty of Pereyra et al. 2017, per row CE(t, p) - beta * H(p), p = softmax(z), computed in float64
from float32 inputs:
- CE: PyTorch's own F.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing);
- H(p) = -sum_k p_k log p_k with log p = F.log_softmax(z), unweighted, 0 on ignored rows; 'sum' adds the rows'
  entropies, 'mean' divides that sum by the number of rows that are not ignored (by 1 when there are none);
- the gradient w.r.t. the logits by autograd through both terms.
Our class axis is the LAST one; PyTorch's is axis 1, so the script moves it before calling torch.
NaN (PyTorch's 'mean' over zero total weight) is written as the string "NaN".
"""


import numpy as np
import torch
import torch.nn.functional as F

from smoothing_fixture_io import f32, encode, encode_input, to_torch_layout, write

rng = np.random.default_rng(20170123)


def confidence_penalty(logits, targets, kind, beta, epsilon, reduction, weights, ignore_index):
    rank = logits.ndim
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    w = None if weights is None else torch.tensor(weights, dtype=torch.float64)
    if kind == 'index':
        t = torch.tensor(targets, dtype=torch.int64)
        extra = {} if ignore_index is None else {'ignore_index': ignore_index}
        mask = torch.ones_like(t, dtype=torch.float64) if ignore_index is None else (t != ignore_index).double()
    else:
        t = to_torch_layout(torch.tensor(targets, dtype=torch.float64), rank)
        extra = {}
        mask = torch.ones(logits.shape[:-1], dtype=torch.float64)
    ce = F.cross_entropy(to_torch_layout(z, rank), t, weight=w, reduction=reduction, label_smoothing=epsilon, **extra)
    log_p = F.log_softmax(z, dim=-1)
    entropy = -(log_p.exp() * log_p).sum(-1) * mask
    if reduction == 'none':
        penalty = entropy
    elif reduction == 'sum':
        penalty = entropy.sum()
    else:
        penalty = entropy.sum() / mask.sum().clamp(min=1)
    out = ce - beta * penalty
    out.backward(torch.ones_like(out))
    return out.detach().numpy(), z.grad.numpy()


def random_logits(shape, scale=3.0):
    return f32(rng.normal(0, scale, size=shape))


def random_probabilities(shape):
    raw = rng.gamma(0.7, size=shape)
    return f32(raw / raw.sum(-1, keepdims=True))


def random_labels(shape, classes, ignore_index):
    labels = rng.integers(0, classes, size=shape)
    if ignore_index is not None:
        labels = np.where(rng.uniform(size=shape) < 0.35, ignore_index, labels)
    return labels.astype(np.int64)


cases = []


def add(name, logits, kind, targets, beta, epsilon, reduction, weights=None, ignore_index=None):
    value, grad = confidence_penalty(logits, targets, kind, beta, epsilon, reduction, weights, ignore_index)
    options = {'beta': beta, 'epsilon': epsilon, 'reduction': reduction}
    if weights is not None:
        options['classWeights'] = encode_input(weights)
    if ignore_index is not None:
        options['ignoreIndex'] = ignore_index
    cases.append({
        'name': name,
        'source': 'torch.nn.functional.cross_entropy - beta * entropy(log_softmax)',
        'logitsShape': list(logits.shape),
        'logits': encode_input(logits),
        'targetKind': kind,
        'targetsShape': list(np.shape(targets)),
        'targets': [int(v) for v in np.ravel(targets)] if kind == 'index' else encode_input(targets),
        'options': options,
        'valueShape': list(np.shape(value)),
        'value': encode(value),
        'gradLogits': encode(grad),
    })


REDUCTIONS = ['mean', 'sum', 'none']

# random cases: every reduction, index and probability targets, ranks 2-4, beta, epsilon, weights, ignore_index
for shape in ([6, 5], [3, 4, 7], [2, 2, 3, 4]):
    classes = shape[-1]
    for reduction in REDUCTIONS:
        for beta in (0.0, 0.1, 2.0):
            for epsilon, weighted in ((0.0, False), (0.1, True)):
                weights = f32(rng.uniform(0.2, 2.5, size=classes)) if weighted else None
                tag = f'{shape} {reduction} beta={beta} eps={epsilon} weights={weighted}'
                add(f'index {tag}', random_logits(shape), 'index', random_labels(shape[:-1], classes, None),
                    beta, epsilon, reduction, weights)
                add(f'index ignore=-100 {tag}', random_logits(shape), 'index',
                    random_labels(shape[:-1], classes, -100), beta, epsilon, reduction, weights, -100)
                add(f'probability {tag}', random_logits(shape), 'probability', random_probabilities(shape),
                    beta, epsilon, reduction, weights)

for reduction in REDUCTIONS:
    # saturated logits: one class 1e4 above the others (p -> 1, H -> 0), and constant rows (H = log C)
    saturated = f32([[1e4, 0, -1e4, 5], [-1e4, -1e4, 1e4, 1e4], [3, 3, 3, 3]])
    add(f'saturated index {reduction} beta=0.5', saturated, 'index', np.array([0, 1, 2]), 0.5, 0.0, reduction)
    add(f'saturated probability {reduction} beta=0.5 eps=0.1', saturated, 'probability',
        f32([[0.5, 0.5, 0, 0], [0, 0, 1, 0], [0.25, 0.25, 0.25, 0.25]]), 0.5, 0.1, reduction)
    # ignore_index that is a real class, and every row ignored ('mean' NaN from the cross-entropy, gradient 0)
    logits = random_logits([5, 3])
    add(f'ignore a class {reduction} beta=0.3', logits, 'index', np.array([1, 0, 1, 2, 1]), 0.3, 0.1, reduction,
        None, 1)
    add(f'all rows ignored {reduction} beta=0.3', logits, 'index', np.array([-1, -1, -1, -1, -1]), 0.3, 0.0,
        reduction, None, -1)
    # zero total weight: the cross-entropy's 'mean' is NaN (PyTorch), the penalty stays finite
    add(f'zero total weight {reduction} beta=0.2', logits, 'index', np.array([0, 0, 2, 2, 0]), 0.2, 0.1, reduction,
        f32([0, 1, 0]))
    # one class: CE 0, H 0
    add(f'one class {reduction} beta=1', random_logits([4, 1]), 'index', np.zeros(4, dtype=np.int64), 1.0, 0.0,
        reduction)
    # empty batch
    add(f'empty batch index [0, 3] {reduction} beta=0.1', f32(np.zeros([0, 3])), 'index',
        np.zeros([0], dtype=np.int64), 0.1, 0.0, reduction)


write('confidence-penalty.json', cases)

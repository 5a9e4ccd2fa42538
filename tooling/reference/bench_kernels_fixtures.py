"""PyTorch reference fixtures for the fused kernels of @softlabels/core (packages/core/src/kernels).

Regenerate with:  /usr/bin/python3 tooling/reference/bench_kernels_fixtures.py
(PyTorch 1.13 CPU, float64). Writes packages/core/src/kernels/__fixtures__/kernels-torch.json atomically.

Cases: label-smoothed cross-entropy (reduction 'none' and the 'mean' divisor) with index targets, class weights,
ignore_index, epsilon 0 / 0.1 / 1, probability targets with weights, huge logits, C = 1 and 2; gradients from
autograd of the summed unreduced loss. Temperature-scaling NLL (sum over rows) with its first and second derivative
in log T from autograd. All inputs are float32-representable so the float32 kernels see exactly the same numbers.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20191206)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'core', 'src', 'kernels', '__fixtures__', 'kernels-torch.json')


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def lsce_case(name, rows, classes, epsilon, scale=3.0, weights=False, ignore=None, probability=False):
    logits = f32(torch.randn(rows, classes, dtype=torch.float64) * scale).requires_grad_(True)
    weight = f32(torch.rand(classes, dtype=torch.float64) * 2 + 0.1) if weights else None
    if probability:
        target = f32(torch.softmax(torch.randn(rows, classes, dtype=torch.float64) * 2, dim=1))
        loss = F.cross_entropy(logits, target, weight=weight, reduction='none', label_smoothing=epsilon)
        labels = None
    else:
        labels = torch.randint(0, classes, (rows,))
        if ignore is not None:
            labels[::3] = ignore
        kwargs = {} if ignore is None else {'ignore_index': ignore}
        loss = F.cross_entropy(logits, labels, weight=weight, reduction='none', label_smoothing=epsilon, **kwargs)
        mean = F.cross_entropy(logits, labels, weight=weight, reduction='mean', label_smoothing=epsilon, **kwargs)
    (grad,) = torch.autograd.grad(loss.sum(), logits)
    case = {
        'name': name,
        'rows': rows,
        'classes': classes,
        'epsilon': epsilon,
        'logits': logits.detach().flatten().tolist(),
        'loss': loss.detach().tolist(),
        'gradient': grad.flatten().tolist(),
    }
    if weight is not None:
        case['classWeights'] = weight.tolist()
    if probability:
        case['targets'] = target.flatten().tolist()
        case['meanDivisor'] = rows
    else:
        case['labels'] = labels.tolist()
        if ignore is not None:
            case['ignoreIndex'] = ignore
        # 'mean' = sum(loss) / divisor, so the divisor is recovered from PyTorch's own mean.
        case['meanDivisor'] = float(loss.detach().sum() / mean.detach()) if float(mean) != 0 else None
    return case


def temperature_case(name, rows, classes, log_t, scale=4.0):
    logits = f32(torch.randn(rows, classes, dtype=torch.float64) * scale)
    labels = torch.randint(0, classes, (rows,))
    s = torch.tensor(log_t, dtype=torch.float64, requires_grad=True)
    value = F.cross_entropy(logits / torch.exp(s), labels, reduction='sum')
    (first,) = torch.autograd.grad(value, s, create_graph=True)
    (second,) = torch.autograd.grad(first, s)
    return {
        'name': name,
        'rows': rows,
        'classes': classes,
        'logTemperature': log_t,
        'logits': logits.flatten().tolist(),
        'labels': labels.tolist(),
        'value': float(value),
        'derivative': float(first),
        'secondDerivative': float(second),
    }


fixture = {
    'lsce': [
        lsce_case('plain eps 0.1', 6, 7, 0.1),
        lsce_case('eps 0', 5, 9, 0.0),
        lsce_case('eps 1', 5, 9, 1.0),
        lsce_case('class weights', 8, 11, 0.2, weights=True),
        lsce_case('weights and ignore_index', 9, 6, 0.1, weights=True, ignore=-100),
        lsce_case('ignore_index inside range', 9, 6, 0.1, ignore=2),
        lsce_case('probability targets', 5, 10, 0.1, probability=True),
        lsce_case('probability targets with weights', 5, 10, 0.3, weights=True, probability=True),
        lsce_case('huge logits', 4, 5, 0.1, scale=1e4),
        lsce_case('one class', 3, 1, 0.1),
        lsce_case('two classes', 6, 2, 0.1, weights=True),
        lsce_case('wide rows', 3, 1003, 0.1, weights=True),
    ],
    'temperature': [
        temperature_case('T = 1', 20, 10, 0.0),
        temperature_case('T = 2', 30, 7, 0.6931471805599453),
        temperature_case('T = 0.5, wide', 10, 257, -0.6931471805599453),
    ],
}

tmp = OUT + '.tmp'
with open(tmp, 'w') as handle:
    json.dump(fixture, handle)
os.replace(tmp, OUT)
print('wrote', OUT, os.path.getsize(OUT), 'bytes')

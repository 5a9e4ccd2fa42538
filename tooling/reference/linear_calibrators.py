#!/usr/bin/python3
"""Reference fixtures for the linear calibrators of @softlabels/calibration: vector scaling, matrix scaling and
Dirichlet calibration, with and without ODIR.

Regenerate (from the repository root, with the Debian interpreter that has PyTorch 1.13):

    /usr/bin/python3 tooling/reference/linear_calibrators.py

Writes, atomically (temporary name in the same folder, then rename):
  packages/calibration/src/__fixtures__/linear-calibrators.json

Source of truth, independent of the TypeScript code: the maps written with PyTorch 1.13 tensors in float64,
softmax(a * z + b), softmax(z @ W.T + b) and softmax(log p @ W.T + b) (log p the log-softmax of logits, or the log of
probabilities clipped at 1e-15), the mean `cross_entropy` plus the ODIR regulariser of Kull et al. (2019),
lambda * sum_{i != j} W_ij^2 / (K (K - 1)) + mu * sum_j b_j^2 / K, minimised full-batch by
`torch.optim.LBFGS(line_search_fn='strong_wolfe', tolerance_grad=1e-12, tolerance_change=0)` from a = 1 (W = I),
b = 0, with `step` repeated until the gradient's largest entry is below 1e-10 or a step gains nothing, then polished
by Newton steps on the autograd Hessian (torch's L-BFGS often stalls near 1e-7) until it is below 1e-10 (the gradient
reached is recorded).

Each case holds its inputs, labels and one entry per fit: the method, the regularisation, the mean NLL and the
objective (NLL plus regulariser) at the reference optimum, the gradient reached, and the calibrated probabilities of
the first rows (at most PROBABILITY_ROWS) of the fit rows.
Deterministic: every random draw comes from numpy Generators with fixed seeds.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from fixture_io import write_json


PROBABILITY_FLOOR = 1e-15
GRADIENT_TARGET = 1e-10
ROUNDS = 20
PROBABILITY_ROWS = 60

torch.set_default_dtype(torch.float64)


def fit_inputs(method, kind, values):
    x = torch.tensor(values, dtype=torch.float64)
    if method != 'dirichlet':
        return x
    if kind == 'logits':
        return torch.log_softmax(x, dim=1)
    return torch.log(torch.clamp(x, min=PROBABILITY_FLOOR))


def scores(method, params, x):
    if method == 'vector':
        a, b = params
        return x * a + b
    w, b = params
    return x @ w.T + b


def regulariser(method, params, k, regularization):
    if method == 'vector' or regularization is None:
        return torch.zeros(())
    w, b = params
    off = w - torch.diag(torch.diagonal(w))
    return (regularization['offDiagonal'] * (off ** 2).sum() / (k * (k - 1))
            + regularization['intercept'] * (b ** 2).sum() / k)


def newton_polish(params, loss_of):
    """Newton steps from where L-BFGS stopped (torch's L-BFGS ends once a step changes nothing, often with a gradient
    near 1e-7) down to GRADIENT_TARGET: the least-squares solution of H p = -g (which also serves a singular Hessian),
    halved until the gradient's largest entry drops without the objective rising. `loss_of` reads the tensors in
    `params`; the optimum is written back into them. Returns the gradient's largest entry there."""
    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]
    leaves = list(params)

    def loss_at(theta):
        params[:] = [part.reshape(shape) for part, shape in zip(torch.split(theta, sizes), shapes)]
        try:
            return loss_of()
        finally:
            params[:] = leaves

    def gradient_at(theta):
        theta = theta.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(loss_at(theta), theta)
        return g

    theta = torch.cat([p.detach().reshape(-1) for p in params])
    g = gradient_at(theta)
    for _ in range(60):
        norm = float(g.abs().max())
        if norm < GRADIENT_TARGET:
            break
        value = float(loss_at(theta))
        hessian = torch.autograd.functional.hessian(loss_at, theta)
        step = torch.linalg.lstsq(hessian, -g.unsqueeze(1), driver='gelsd').solution.squeeze(1)
        scale = 1.0
        for _ in range(40):
            candidate = theta + scale * step
            g_candidate = gradient_at(candidate)
            if float(g_candidate.abs().max()) < norm and float(loss_at(candidate)) <= value + 1e-13 * abs(value):
                break
            scale /= 2
        else:
            break
        theta, g = candidate, g_candidate
    with torch.no_grad():
        for leaf, part in zip(leaves, torch.split(theta, sizes)):
            leaf.copy_(part.reshape(leaf.shape))
    return float(g.abs().max())


def fit(method, kind, values, labels, regularization=None):
    x = fit_inputs(method, kind, values)
    y = torch.tensor(labels, dtype=torch.long)
    k = x.shape[1]
    if method == 'vector':
        params = [torch.ones(k, requires_grad=True), torch.zeros(k, requires_grad=True)]
    else:
        params = [torch.eye(k).requires_grad_(True), torch.zeros(k, requires_grad=True)]
    optimizer = torch.optim.LBFGS(params, lr=1, max_iter=500, history_size=10, line_search_fn='strong_wolfe',
                                  tolerance_grad=1e-12, tolerance_change=0)

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(scores(method, params, x), y) + regulariser(method, params, k, regularization)
        loss.backward()
        return loss

    previous = math.inf
    for _ in range(ROUNDS):
        loss = float(optimizer.step(closure))
        if max(float(p.grad.abs().max()) for p in params) < GRADIENT_TARGET or not loss < previous:
            break
        previous = loss
    gradient = newton_polish(params, lambda: F.cross_entropy(scores(method, params, x), y)
                             + regulariser(method, params, k, regularization))
    with torch.no_grad():
        f = scores(method, params, x)
        nll = float(F.cross_entropy(f, y))
        objective = nll + float(regulariser(method, params, k, regularization))
        probabilities = torch.softmax(f, dim=1)[:PROBABILITY_ROWS].numpy()
    entry = {'method': method, 'nll': nll, 'objective': objective, 'gradient': gradient,
             'probabilities': [encode(row) for row in probabilities]}
    if regularization is not None:
        entry['regularization'] = regularization
    return entry


def encode(values):
    """Reference outputs, 12 significant digits (far below the tolerances of the parity test)."""
    return [float('%.12g' % v) for v in np.asarray(values, dtype=np.float64).ravel()]


def make_case(name, kind, values, labels, odir):
    values = [[float(v) for v in row] for row in values]
    labels = [int(v) for v in labels]
    fits = []
    if kind == 'logits':
        fits.append(fit('vector', kind, values, labels))
        fits.append(fit('matrix', kind, values, labels))
        fits.append(fit('matrix', kind, values, labels, odir))
    fits.append(fit('dirichlet', kind, values, labels))
    fits.append(fit('dirichlet', kind, values, labels, odir))
    worst = max(entry['gradient'] for entry in fits)
    print(f'{name}: {len(fits)} fits, largest final gradient {worst:.2e}')
    return {'name': name, 'kind': kind, 'values': values, 'labels': labels, 'fits': fits}


def softmax(z):
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


ODIR_SETTINGS = [{'offDiagonal': 0.01, 'intercept': 0.01}, {'offDiagonal': 1.0, 'intercept': 0.5},
                 {'offDiagonal': 0.1, 'intercept': 0.0}]


def random_cases(rng):
    cases = []
    settings = [(2, 5), (2, 40), (2, 2000), (3, 8), (3, 60), (3, 500), (3, 2000), (10, 12), (10, 100), (10, 400),
                (10, 1200)]
    for index, (k, n) in enumerate(settings):
        for confidence in ['over', 'under']:
            # Over-confident logits: the labels follow a softer softmax (T* = 2.5); under-confident: a sharper one.
            t_true = 2.5 if confidence == 'over' else 0.4
            z = np.round(rng.normal(size=(n, k)) * 3.0 + rng.normal(size=k) * 0.5, 4)
            labels = [int(rng.choice(k, p=row)) for row in softmax(z / t_true)]
            odir = ODIR_SETTINGS[(2 * index + (confidence == 'under')) % len(ODIR_SETTINGS)]
            kind = 'probabilities' if (index + (confidence == 'under')) % 4 == 3 else 'logits'
            values = softmax(z).tolist() if kind == 'probabilities' else z.tolist()
            cases.append(make_case(f'random {confidence}-confident {kind} K={k} N={n}', kind, values, labels, odir))
    return cases


def edge_cases(rng):
    cases = []
    odir = {'offDiagonal': 0.5, 'intercept': 0.5}
    z = np.round(rng.normal(size=(20, 3)) * 2.0, 4)
    cases.append(make_case('all rows one class (K=3)', 'logits', z.tolist(), [1] * 20, odir))
    cases.append(make_case('all rows one class, probabilities (K=3)', 'probabilities', softmax(z).tolist(), [0] * 20,
                           odir))
    # Class 3 is never the argmax and never a label.
    z = np.round(rng.normal(size=(40, 4)) * 2.0, 4)
    z[:, 3] -= 8.0
    labels = [int(rng.choice(3, p=row)) for row in softmax(z[:, :3])]
    cases.append(make_case('a class never predicted nor labelled (K=4)', 'logits', z.tolist(), labels, odir))
    # Fewer rows than classes.
    z = np.round(rng.normal(size=(4, 10)) * 2.0, 4)
    cases.append(make_case('N < K (N=4, K=10)', 'logits', z.tolist(), [0, 3, 3, 7], odir))
    z = np.round(rng.normal(size=(2, 3)) * 2.0, 4)
    cases.append(make_case('N < K (N=2, K=3)', 'logits', z.tolist(), [2, 0], odir))
    # Ties: repeated rows with different labels, and rows whose logits are all equal.
    base = np.round(rng.normal(size=(6, 3)), 4)
    z = np.concatenate([base, base, base, np.zeros((4, 3)), np.full((2, 3), 1.5)])
    labels = [int(v) for v in rng.integers(0, 3, size=len(z))]
    cases.append(make_case('ties: repeated rows, equal logits (K=3)', 'logits', z.tolist(), labels, odir))
    # Huge logits: a spread of thousands, with some wrong argmaxes.
    z = np.round(rng.normal(size=(30, 3)) * 800.0, 2)
    labels = [int(rng.choice(3, p=row)) for row in softmax(z / 1500.0)]
    cases.append(make_case('huge logits (scale 800, K=3)', 'logits', z.tolist(), labels, odir))
    # Probabilities with exact zeros and ones (their logs clipped at 1e-15).
    p = rng.dirichlet([0.3] * 4, size=30)
    p[p < 1e-3] = 0.0
    p /= p.sum(1, keepdims=True)
    p[0] = [1.0, 0.0, 0.0, 0.0]
    p[1] = [0.0, 1.0, 0.0, 0.0]
    labels = [int(rng.choice(4, p=row * 0.7 + 0.075)) for row in p]
    cases.append(make_case('probabilities with zeros and ones (K=4)', 'probabilities', p.tolist(), labels, odir))
    # Binary, one row per class, perfectly separable.
    z = [[2.0, -1.0], [0.5, 0.25], [-1.0, 3.0], [0.0, 1.0]]
    cases.append(make_case('separable binary (K=2, N=4)', 'logits', z, [0, 0, 1, 1], odir))
    return cases


def main():
    cases = random_cases(np.random.default_rng(20190611)) + edge_cases(np.random.default_rng(2019))
    write_json('calibration', 'linear-calibrators.json', {
        'generator': 'tooling/reference/linear_calibrators.py',
        'versions': {'torch': torch.__version__, 'numpy': np.__version__},
        'probabilityRows': PROBABILITY_ROWS,
        'cases': cases,
    })


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Reference fixtures for @softlabels/calibration.

Regenerate (from the repository root, with the Debian interpreter that has PyTorch 1.13 and scikit-learn 1.2):

    /usr/bin/python3 tooling/reference/calibration.py

Writes, atomically (temporary name in the same folder, then rename):
  packages/calibration/src/__fixtures__/metrics.json      metric cases (random and edge cases)
  packages/calibration/src/__fixtures__/temperature.json  temperature-scaling cases

Sources of truth, kept independent of the TypeScript code:
  * an explicit float64 loop implementation of the Guo et al. (2017) definitions written here (uniform bins
    ((m-1)/M, m/M] compared against edges m/M in float64, 0 into the first bin; equal-mass bins; classwise ECE;
    Kumar et al. (2019) debiased L2 estimate),
  * scikit-learn 1.2 `calibration_curve` (one-vs-rest curve of class 1 for K = 2) and `brier_score_loss`,
  * PyTorch 1.13 `cross_entropy` / `nll_loss` in float64, and the common temperature-scaling recipe
    (T0 = 1.5, LBFGS(lr=0.01, max_iter=50), one `step`) in float32,
  * SciPy's bounded Brent search on log T in float64 as the reference optimum.
Deterministic: every random draw comes from numpy Generators with fixed seeds.
"""
import math

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

from fixture_io import write_json


# ----------------------------------------------------------------------------------------------------------------
# Independent float64 reference (plain Python loops, no vectorised binning)
# ----------------------------------------------------------------------------------------------------------------

def probabilities_of(kind, values):
    rows = [list(map(float, row)) for row in values]
    if kind == 'probabilities':
        return rows
    out = []
    for row in rows:
        m = max(row)
        e = [math.exp(z - m) for z in row]
        s = math.fsum(e)
        out.append([x / s for x in e])
    return out


def uniform_bin(value, bins):
    """Right-closed ((m-1)/M, m/M]; 0 (and anything below the first edge) into bin 1; 1.0 into bin M."""
    for m in range(1, bins + 1):
        if value <= m / bins:
            return m - 1
    return bins - 1


def quantile_edges(values, bins):
    """Equal-mass edges: e_m = the largest value of the m-th of M equal rank chunks; ties stay in one bin."""
    s = sorted(values)
    n = len(s)
    inner = [s[-(-m * n // bins) - 1] for m in range(1, bins)]
    return [0.0] + inner + [1.0]


def edge_bin(value, edges):
    bins = len(edges) - 1
    for m in range(1, bins):
        if value <= edges[m]:
            return m - 1
    return bins - 1


def bin_sums(values, targets, assign, bins):
    count = [0] * bins
    vsum = [0.0] * bins
    tsum = [0.0] * bins
    for v, t, b in zip(values, targets, assign):
        count[b] += 1
        vsum[b] += v
        tsum[b] += t
    return count, vsum, tsum


def norms(count, vsum, tsum):
    n = sum(count)
    l1 = 0.0
    l2 = 0.0
    mx = 0.0
    for c, v, t in zip(count, vsum, tsum):
        if c == 0:
            continue
        gap = abs(t / c - v / c)
        l1 += c / n * gap
        l2 += c / n * gap * gap
        mx = max(mx, gap)
    return {'l1': l1, 'l2': math.sqrt(l2), 'max': mx}


def debiased(count, vsum, tsum):
    n = sum(count)
    total = 0.0
    for c, v, t in zip(count, vsum, tsum):
        if c < 2:
            continue
        acc = t / c
        total += c / n * ((v / c - acc) ** 2 - acc * (1 - acc) / (c - 1))
    return math.sqrt(max(total, 0.0))


def top_label(probs, labels):
    conf = []
    correct = []
    for row, y in zip(probs, labels):
        best = 0
        for k in range(1, len(row)):
            if row[k] > row[best]:
                best = k
        conf.append(row[best])
        correct.append(1.0 if best == y else 0.0)
    return conf, correct


def reference_case(kind, values, labels, bins):
    probs = probabilities_of(kind, values)
    k_classes = len(probs[0])
    n = len(probs)
    conf, correct = top_label(probs, labels)

    assign = [uniform_bin(c, bins) for c in conf]
    count, vsum, tsum = bin_sums(conf, correct, assign, bins)
    uniform = norms(count, vsum, tsum)
    edges = quantile_edges(conf, bins)
    qassign = [edge_bin(c, edges) for c in conf]
    qcount, qvsum, qtsum = bin_sums(conf, correct, qassign, bins)
    quantile = norms(qcount, qvsum, qtsum)

    classwise = {'l1': 0.0, 'l2': 0.0, 'max': 0.0}
    for k in range(k_classes):
        pk = [row[k] for row in probs]
        yk = [1.0 if y == k else 0.0 for y in labels]
        ck, vk, tk = bin_sums(pk, yk, [uniform_bin(p, bins) for p in pk], bins)
        per = norms(ck, vk, tk)
        for key in classwise:
            classwise[key] += per[key] / k_classes

    brier = math.fsum(sum((p - (1.0 if k == y else 0.0)) ** 2 for k, p in enumerate(row))
                      for row, y in zip(probs, labels)) / n
    if kind == 'logits':
        nll = math.fsum(float(logsumexp(row)) - row[y] for row, y in zip(values, labels)) / n
    else:
        nll = math.fsum(-math.log(row[y]) if row[y] > 0 else math.inf for row, y in zip(probs, labels)) / n

    reliability = []
    for m in range(bins):
        c = count[m]
        reliability.append({
            'lower': m / bins,
            'upper': (m + 1) / bins,
            'count': c,
            'confidence': vsum[m] / c if c else None,
            'accuracy': tsum[m] / c if c else None,
        })
    return {
        'ece': uniform['l1'], 'rms': uniform['l2'], 'mce': uniform['max'],
        'adaptive': quantile['l1'], 'adaptiveL2': quantile['l2'], 'adaptiveMax': quantile['max'],
        'quantileEdges': edges, 'quantileCounts': qcount,
        'classwise': classwise['l1'], 'classwiseL2': classwise['l2'], 'classwiseMax': classwise['max'],
        'debiased': debiased(count, vsum, tsum),
        'brier': brier, 'nll': nll if math.isfinite(nll) else None,
        'accuracy': sum(correct) / n, 'averageConfidence': math.fsum(conf) / n,
        'counts': count, 'reliability': reliability,
    }


# ----------------------------------------------------------------------------------------------------------------
# Library references
# ----------------------------------------------------------------------------------------------------------------

def torch_nll(kind, values, labels):
    x = torch.tensor(values, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.long)
    if kind == 'logits':
        return float(F.cross_entropy(x, y))
    with np.errstate(divide='ignore'):
        value = float(F.nll_loss(torch.log(x), y))
    return value if math.isfinite(value) else None


def sklearn_binary(probs, labels, bins):
    """One-vs-rest curve of class 1 (K = 2) and the binary Brier score, where sklearn's linspace edges put every
    probability in the same bin as the m/M edges (otherwise None: sklearn's edges differ from m/M by an ulp)."""
    p1 = np.array([row[1] for row in probs], dtype=np.float64)
    y1 = np.array([1 if y == 1 else 0 for y in labels])
    linspace = np.linspace(0.0, 1.0, bins + 1)
    sk_bins = np.searchsorted(linspace[1:-1], p1)
    ours = np.array([uniform_bin(float(p), bins) for p in p1])
    out = {'brierBinary': float(brier_score_loss(y1, p1))}
    if np.array_equal(sk_bins, ours):
        prob_true, prob_pred = calibration_curve(y1, p1, n_bins=bins, strategy='uniform')
        out['probTrue'] = [float(v) for v in prob_true]
        out['probPred'] = [float(v) for v in prob_pred]
    return out


# ----------------------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------------------

def make_case(name, kind, values, labels, bins):
    values = [[float(v) for v in row] for row in values]
    labels = [int(y) for y in labels]
    case = {'name': name, 'kind': kind, 'values': values, 'labels': labels, 'bins': bins}
    case['expected'] = reference_case(kind, values, labels, bins)
    case['torchNll'] = torch_nll(kind, values, labels)
    if len(values[0]) == 2:
        case['sklearn'] = sklearn_binary(probabilities_of(kind, values), labels, bins)
    return case


def random_cases(rng):
    cases = []
    class_choices = [2, 3, 4, 5, 10]
    bin_choices = [1, 2, 3, 5, 10, 15, 20]
    for index in range(150):
        k = class_choices[index % len(class_choices)]
        bins = bin_choices[index % len(bin_choices)]
        n = int(rng.integers(1, 61))
        kind = 'logits' if index % 3 == 0 else 'probabilities'
        scale = float(rng.choice([0.5, 1.0, 3.0, 8.0]))
        logits = rng.normal(size=(n, k)) * scale
        # Labels drawn from a tempered softmax: over- and under-confident predictors alike.
        t_true = float(rng.choice([0.5, 1.0, 2.0]))
        p_true = np.exp((logits - logits.max(1, keepdims=True)) / t_true)
        p_true /= p_true.sum(1, keepdims=True)
        labels = [int(rng.choice(k, p=row)) for row in p_true]
        if kind == 'logits':
            values = logits.tolist()
        else:
            p = np.exp(logits - logits.max(1, keepdims=True))
            values = (p / p.sum(1, keepdims=True)).tolist()
        cases.append(make_case(f'random #{index} ({kind}, n={n}, K={k}, M={bins})', kind, values, labels, bins))
    return cases


def binary_rows(confidences, positive_is_top=True):
    rows = []
    for c in confidences:
        rows.append([1.0 - c, c] if positive_is_top else [c, 1.0 - c])
    return rows


def edge_cases(rng):
    cases = []
    # Confidences exactly on the edges m/M, and one ulp either side, K = 2 and K = 3.
    for bins in [5, 10, 15]:
        on = [m / bins for m in range(1, bins + 1) if m / bins >= 0.5]
        up = [float(np.nextafter(c, 1.0)) for c in on if c < 1.0]
        down = [float(np.nextafter(c, 0.0)) for c in on if c > 0.5]
        for label_name, confs in [('on edges', on), ('nextafter(edge, 1)', up), ('nextafter(edge, 0)', down)]:
            labels = [int(rng.integers(0, 2)) for _ in confs]
            cases.append(make_case(f'K=2 {label_name} M={bins}', 'probabilities', binary_rows(confs), labels, bins))
            cases.append(make_case(f'K=2 {label_name} M={bins} (class 0 on top)', 'probabilities',
                                   binary_rows(confs, False), labels, bins))
    for bins in [3, 15]:
        rows = []
        for m in range(1, bins + 1):
            c = m / bins
            if c < 1 / 3 or c > 1.0:
                continue
            rest = (1.0 - c) / 2
            rows.append([rest, c, 1.0 - c - rest])
        labels = [int(rng.integers(0, 3)) for _ in rows]
        cases.append(make_case(f'K=3 on edges M={bins}', 'probabilities', rows, labels, bins))
    # The paper's example: nextafter(11/15, 1) belongs to bin 12.
    c = float(np.nextafter(11 / 15, 1.0))
    cases.append(make_case('nextafter(11/15, 1) in bin 12', 'probabilities', [[1 - c, c], [1 - 11 / 15, 11 / 15]],
                           [1, 0], 15))
    # Exactly 1.0 (saturated softmax), with a wrong label (NLL infinite) and right ones.
    cases.append(make_case('exactly 1.0, right labels', 'probabilities',
                           [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]], [1, 0, 2], 15))
    cases.append(make_case('exactly 1.0, a wrong label', 'probabilities',
                           [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]], [1, 2, 2], 15))
    cases.append(make_case('exactly 1.0 only, K=2', 'probabilities', [[0.0, 1.0]] * 4, [1, 1, 0, 1], 10))
    cases.append(make_case('saturated logits', 'logits', [[200.0, 0.0, -5.0], [0.0, 300.0, 1.0], [1.0, 2.0, 3.0]],
                           [0, 2, 2], 15))
    # Ties for equal-mass bins: many identical confidences, and all identical.
    for bins in [2, 4, 10, 15]:
        confs = [0.9] * 12 + [0.7] * 5 + [0.55] * 3 + [0.95]
        labels = [int(rng.integers(0, 2)) for _ in confs]
        cases.append(make_case(f'quantile ties M={bins}', 'probabilities', binary_rows(confs), labels, bins))
        same = [0.8] * 10
        cases.append(make_case(f'all confidences equal M={bins}', 'probabilities', binary_rows(same),
                               [1] * 7 + [0] * 3, bins))
    # Empty bins, many bins, one bin, one row.
    cases.append(make_case('empty bins (M=100, n=7)', 'probabilities',
                           rng.dirichlet([1.0] * 4, size=7).tolist(), [0, 1, 2, 3, 0, 1, 2], 100))
    cases.append(make_case('one bin', 'logits', rng.normal(size=(20, 5)).tolist(),
                           rng.integers(0, 5, size=20).tolist(), 1))
    cases.append(make_case('one row', 'probabilities', [[0.1, 0.6, 0.3]], [1], 15))
    cases.append(make_case('all correct', 'logits', [[3.0, 0.0], [0.0, 2.0], [5.0, 1.0]], [0, 1, 0], 15))
    cases.append(make_case('all wrong', 'logits', [[3.0, 0.0], [0.0, 2.0], [5.0, 1.0]], [1, 0, 1], 15))
    cases.append(make_case('uniform predictions', 'probabilities', [[0.25] * 4] * 8, [0, 1, 2, 3, 0, 1, 2, 3], 15))
    cases.append(make_case('argmax ties take the first class', 'probabilities',
                           [[0.4, 0.4, 0.2], [0.3, 0.35, 0.35], [0.5, 0.5, 0.0]], [0, 2, 1], 10))
    cases.append(make_case('zero confidence never happens top-label but class probabilities 0 go to bin 1',
                           'probabilities', [[0.0, 0.5, 0.5], [0.0, 0.0, 1.0]], [1, 2], 4))
    # K = 2 random, both kinds, several bin counts (sklearn comparisons).
    for index in range(20):
        n = int(rng.integers(5, 60))
        bins = [5, 10, 15, 20][index % 4]
        p1 = rng.beta(0.7, 0.7, size=n)
        labels = (rng.uniform(size=n) < np.clip(p1 * 0.8 + 0.1, 0, 1)).astype(int).tolist()
        if index % 2 == 0:
            cases.append(make_case(f'K=2 random #{index} M={bins}', 'probabilities',
                                   [[1.0 - p, p] for p in p1.tolist()], labels, bins))
        else:
            z = rng.normal(size=(n, 2)) * 2.0
            cases.append(make_case(f'K=2 random logits #{index} M={bins}', 'logits', z.tolist(), labels, bins))
    return cases


# ----------------------------------------------------------------------------------------------------------------
# Temperature scaling
# ----------------------------------------------------------------------------------------------------------------

def nll64(logits, labels, temperature):
    z = np.asarray(logits, dtype=np.float64) / temperature
    lse = logsumexp(z, axis=1)
    return float(np.mean(lse - z[np.arange(len(labels)), labels]))


def lbfgs_recipe(logits, labels):
    """The common reference recipe: T0 = 1.5, LBFGS(lr=0.01, max_iter=50) on raw T, one step, float32."""
    z = torch.tensor(logits, dtype=torch.float32)
    y = torch.tensor(labels, dtype=torch.long)
    temperature = torch.nn.Parameter(torch.ones(1) * 1.5)
    optimizer = torch.optim.LBFGS([temperature], lr=0.01, max_iter=50)

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(z / temperature, y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(temperature.item())


def temperature_cases(rng):
    cases = []
    settings = [(300, 3, 0.7, 2.0), (500, 5, 1.0, 3.0), (800, 10, 1.5, 4.0), (600, 10, 2.5, 5.0),
                (400, 4, 1.9, 6.0), (1000, 8, 1.13, 3.0), (200, 2, 3.0, 4.0)]
    for n, k, t_true, scale in settings:
        z = np.round(rng.normal(size=(n, k)) * scale, 4)
        p = np.exp((z - z.max(1, keepdims=True)) / t_true)
        p /= p.sum(1, keepdims=True)
        labels = [int(rng.choice(k, p=row)) for row in p]
        t_lbfgs = lbfgs_recipe(z, labels)
        result = minimize_scalar(lambda u: nll64(z, labels, math.exp(u)), bounds=(math.log(0.01), math.log(100.0)),
                                 method='bounded', options={'xatol': 1e-10})
        t_ref = math.exp(result.x)
        cases.append({
            'name': f'n={n} K={k} T*={t_true}',
            'logits': z.tolist(),
            'labels': labels,
            'nllBefore': nll64(z, labels, 1.0),
            'lbfgsTemperature': t_lbfgs,
            'lbfgsNll': nll64(z, labels, t_lbfgs) if t_lbfgs > 0 else None,
            'referenceTemperature': t_ref,
            'referenceNll': nll64(z, labels, t_ref),
        })
    return cases


def main():
    rng = np.random.default_rng(20190602)
    versions = {'torch': torch.__version__, 'sklearn': sklearn.__version__, 'numpy': np.__version__}
    cases = random_cases(rng) + edge_cases(rng)
    write_json('calibration', 'metrics.json', {'generator': 'tooling/reference/calibration.py', 'versions': versions,
                                'cases': cases})
    write_json('calibration', 'temperature.json', {'generator': 'tooling/reference/calibration.py', 'versions': versions,
                                    'cases': temperature_cases(np.random.default_rng(1906))})
    print(f'{len(cases)} metric cases written to packages/calibration/src/__fixtures__')


if __name__ == '__main__':
    main()

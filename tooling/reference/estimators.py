#!/usr/bin/python3
"""Reference fixtures for the calibration estimators beyond binned ECE, and for the bootstrap intervals.

Regenerate (from the repository root, with the Debian interpreter):

    /usr/bin/python3 tooling/reference/estimators.py

Writes, atomically (temporary name in the same folder, then rename):
  packages/calibration/src/__fixtures__/estimators.json

Written from the papers' formulas in float64 NumPy, independently of the TypeScript code:
  * smooth ECE (Blasiok & Nakkiran 2023): residuals y - f split linearly onto the grid t_j = j/(G-1), smoothed with a
    dense reflected-Gaussian kernel matrix (every image phi(t - u - 2k) + phi(t + u - 2k), |k| <= 8), the absolute
    smoothed residual integrated by the trapezoid rule, the bandwidth at the fixed point smECE_s = s by bisection
    (20 halvings of [1/(G-1), 1], hi moving to the midpoint where smECE(mid) <= mid, lo otherwise; s* = hi);
  * the KS calibration error (Gupta et al. 2021): stable sort by score, cumulative sums of (y - f)/N read at the end
    of each group of tied scores, the largest absolute value;
  * Wilson score intervals of each reliability bin's accuracy, z from SciPy's norm.isf;
  * bootstrap percentile intervals: the resamples drawn by a Python transcription of the RandomSource of
    @softlabels/core (xoshiro128** seeded through SplitMix32; row = floor(uniform() * N)), each resample materialised
    as a data set of repeated rows and measured by the loop implementations here, quantiles by numpy.quantile
    (linear interpolation).
Deterministic: every random draw comes from numpy Generators with fixed seeds.
"""
import functools
import math

import numpy as np
import scipy
from scipy.stats import norm

from fixture_io import write_json


# ----------------------------------------------------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------------------------------------------------

def probabilities_of(kind, values):
    values = np.asarray(values, dtype=np.float64)
    if kind == 'probabilities':
        return values
    shifted = values - values.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def top_label(probs, labels):
    predicted = np.argmax(probs, axis=1)  # first of ties
    confidence = probs[np.arange(len(labels)), predicted]
    correct = (predicted == np.asarray(labels)).astype(np.float64)
    return confidence, correct


# ----------------------------------------------------------------------------------------------------------------
# Smooth ECE
# ----------------------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def kernel_matrix(grid_size, sigma):
    t = np.arange(grid_size) / (grid_size - 1)
    direct = t[:, None] - t[None, :]
    mirrored = t[:, None] + t[None, :]
    out = np.zeros((grid_size, grid_size))
    for k in range(-8, 9):
        out += np.exp(-0.5 * ((direct - 2 * k) / sigma) ** 2) + np.exp(-0.5 * ((mirrored - 2 * k) / sigma) ** 2)
    return out / (sigma * math.sqrt(2 * math.pi))


def grid_residuals(f, y, grid_size):
    f = np.asarray(f, dtype=np.float64)
    position = f * (grid_size - 1)
    below = np.clip(np.floor(position).astype(np.int64), 0, grid_size - 2)
    share = position - below
    r = np.asarray(y, dtype=np.float64) - f
    grid = np.zeros(grid_size)
    np.add.at(grid, below, r * (1 - share))
    np.add.at(grid, below + 1, r * share)
    return grid / len(f)


def smece_at(grid, sigma):
    smoothed = kernel_matrix(len(grid), sigma) @ grid
    a = np.abs(smoothed)
    return (a.sum() - (a[0] + a[-1]) / 2) / (len(grid) - 1)


def smece(f, y, grid_size, bandwidth='auto'):
    grid = grid_residuals(f, y, grid_size)
    if bandwidth != 'auto':
        return smece_at(grid, bandwidth), bandwidth
    low, high = 1 / (grid_size - 1), 1.0
    at_high = smece_at(grid, high)
    if at_high >= high:
        return at_high, high
    for _ in range(20):
        middle = (low + high) / 2
        value = smece_at(grid, middle)
        if value > middle:
            low = middle
        else:
            high, at_high = middle, value
    return at_high, high


def smece_classwise(probs, labels, grid_size):
    labels = np.asarray(labels)
    return float(np.mean([smece(probs[:, k], (labels == k).astype(float), grid_size)[0]
                          for k in range(probs.shape[1])]))


# ----------------------------------------------------------------------------------------------------------------
# KS calibration error
# ----------------------------------------------------------------------------------------------------------------

def ks(f, y):
    f = np.asarray(f, dtype=np.float64)
    order = np.argsort(f, kind='stable')
    sums = np.cumsum((np.asarray(y, dtype=np.float64) - f)[order])
    sorted_f = f[order]
    ends = np.append(sorted_f[1:] != sorted_f[:-1], True)
    return float(np.max(np.abs(sums[ends]))) / len(f)


def ks_classwise(probs, labels):
    labels = np.asarray(labels)
    return float(np.mean([ks(probs[:, k], (labels == k).astype(float)) for k in range(probs.shape[1])]))


# ----------------------------------------------------------------------------------------------------------------
# Binned metrics (plain loops) for the bootstrap cases, and Wilson intervals
# ----------------------------------------------------------------------------------------------------------------

def uniform_bin(value, bins):
    for m in range(1, bins + 1):
        if value <= m / bins:
            return m - 1
    return bins - 1


def quantile_edges(values, bins):
    s = sorted(values)
    n = len(s)
    return [0.0] + [s[-(-m * n // bins) - 1] for m in range(1, bins)] + [1.0]


def edge_bin(value, edges):
    for m in range(1, len(edges) - 1):
        if value <= edges[m]:
            return m - 1
    return len(edges) - 2


def binned(values, targets, bins, binning='uniform'):
    edges = quantile_edges(values, bins) if binning == 'quantile' else None
    count, vsum, tsum = [0] * bins, [0.0] * bins, [0.0] * bins
    for v, t in zip(values, targets):
        m = uniform_bin(v, bins) if edges is None else edge_bin(v, edges)
        count[m] += 1
        vsum[m] += v
        tsum[m] += t
    return count, vsum, tsum


def ece_of(count, vsum, tsum, n):
    return sum(c / n * abs(t / c - v / c) for c, v, t in zip(count, vsum, tsum) if c > 0)


def debiased_of(count, vsum, tsum, n):
    total = 0.0
    for c, v, t in zip(count, vsum, tsum):
        if c < 2:
            continue
        acc = t / c
        total += c / n * ((v / c - acc) ** 2 - acc * (1 - acc) / (c - 1))
    return math.sqrt(max(total, 0.0))


def classwise_of(probs, labels, bins):
    n, classes = probs.shape
    return sum(ece_of(*binned(list(probs[:, k]), [1.0 if l == k else 0.0 for l in labels], bins), n)
               for k in range(classes)) / classes


def wilson(p, n, level):
    z = norm.isf((1 - level) / 2)
    scale = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / scale
    half = z / scale * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def reliability_intervals(confidence, correct, bins, level):
    count, vsum, tsum = binned(list(confidence), list(correct), bins)
    out = []
    for c, t in zip(count, tsum):
        if c == 0:
            out.append({'count': 0, 'accuracy': None, 'low': None, 'high': None})
        else:
            low, high = wilson(t / c, c, level)
            out.append({'count': c, 'accuracy': t / c, 'low': low, 'high': high})
    return out


# ----------------------------------------------------------------------------------------------------------------
# The RandomSource of @softlabels/core, transcribed
# ----------------------------------------------------------------------------------------------------------------

M32 = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & M32


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class RandomSource:
    def __init__(self, seed):
        mix = seed & M32
        self.state = []
        for _ in range(4):
            mix = (mix + 0x9E3779B9) & M32
            z = mix
            z = imul(z ^ (z >> 16), 0x85EBCA6B)
            z = imul(z ^ (z >> 13), 0xC2B2AE35)
            self.state.append((z ^ (z >> 16)) & M32)
        if all(word == 0 for word in self.state):
            self.state[0] = 1

    def next_uint32(self):
        s0, s1, s2, s3 = self.state
        result = imul(rotl(imul(s1, 5), 7), 9)
        t = (s1 << 9) & M32
        n2 = s2 ^ s0
        n3 = s3 ^ s1
        self.state = [s0 ^ n3, s1 ^ n2, n2 ^ t, rotl(n3, 11)]
        return result

    def uniform(self):
        high = self.next_uint32() >> 5
        low = self.next_uint32() >> 6
        return (high * 67108864 + low) / 9007199254740992


def resample_indices(n, resamples, seed):
    random = RandomSource(seed)
    return [[math.floor(random.uniform() * n) for _ in range(n)] for _ in range(resamples)]


def interval(values, estimate, level, resamples, seed):
    values = np.asarray(values, dtype=np.float64)
    return {'estimate': estimate, 'low': float(np.quantile(values, (1 - level) / 2)),
            'high': float(np.quantile(values, (1 + level) / 2)), 'level': level, 'resamples': resamples, 'seed': seed}


def bootstrap_case(name, kind, values, labels, resamples, seed, level, bins, grid_size):
    probs = probabilities_of(kind, values)
    labels = np.asarray(labels)
    n = len(labels)
    confidence, correct = top_label(probs, labels)
    nll = -np.log(probs[np.arange(n), labels])
    brier = ((probs - np.eye(probs.shape[1])[labels]) ** 2).sum(axis=1)

    def metrics(index):
        c, y, p, l = confidence[index], correct[index], probs[index], labels[index]
        m = len(index)
        return {
            'ece': ece_of(*binned(list(c), list(y), bins), m),
            'adaptive': ece_of(*binned(list(c), list(y), bins, 'quantile'), m),
            'classwise': classwise_of(p, list(l), bins),
            'debiased': debiased_of(*binned(list(c), list(y), bins), m),
            'brier': float(np.mean(brier[index])),
            'nll': float(np.mean(nll[index])),
            'accuracy': float(np.mean(y)),
            'ks': ks(c, y),
            'smooth': smece(c, y, grid_size)[0],
        }

    full = metrics(np.arange(n))
    draws = [metrics(np.asarray(index)) for index in resample_indices(n, resamples, seed)]
    return {'name': name, 'kind': kind, 'values': np.asarray(values).tolist(), 'labels': labels.tolist(),
            'resamples': resamples, 'seed': seed, 'level': level, 'bins': bins, 'gridSize': grid_size,
            'expected': {key: interval([d[key] for d in draws], full[key], level, resamples, seed) for key in full}}


# ----------------------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------------------

def estimator_case(name, kind, values, labels, grid_size=201, bandwidth=0.05, bins=10):
    probs = probabilities_of(kind, values)
    confidence, correct = top_label(probs, labels)
    value, sigma = smece(confidence, correct, grid_size)
    fixed, _ = smece(confidence, correct, grid_size, bandwidth)
    return {
        'name': name, 'kind': kind, 'values': np.asarray(values).tolist(), 'labels': list(map(int, labels)),
        'gridSize': grid_size, 'bandwidth': bandwidth, 'bins': bins,
        'expected': {
            'smooth': value, 'smoothBandwidth': sigma, 'smoothFixed': fixed,
            'smoothClasswise': smece_classwise(probs, labels, grid_size),
            'ks': ks(confidence, correct), 'ksClasswise': ks_classwise(probs, labels),
            'reliability95': reliability_intervals(confidence, correct, bins, 0.95),
            'reliability80': reliability_intervals(confidence, correct, bins, 0.8),
        },
    }


def cases(rng):
    out = []
    for n, k, scale in [(200, 5, 2.0), (500, 10, 3.0), (120, 2, 1.5)]:
        logits = rng.normal(0, scale, size=(n, k))
        labels = [int(rng.choice(k, p=row)) for row in probabilities_of('logits', logits * 0.7)]
        out.append(estimator_case(f'random logits N={n} K={k}', 'logits', logits, labels))
    probs = rng.dirichlet(np.full(3, 0.6), size=300)
    labels = [int(rng.choice(3, p=row)) for row in probs]
    out.append(estimator_case('random probabilities N=300 K=3 (grid 1001)', 'probabilities', probs, labels,
                              grid_size=1001))
    logits = rng.normal(0, 2, size=(80, 4))
    out.append(estimator_case('all one class', 'logits', logits, [0] * 80))
    choices = np.array([[0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.4, 0.35, 0.25], [0.2, 0.7, 0.1]])
    pick = rng.integers(0, len(choices), size=60)
    out.append(estimator_case('ties in scores', 'probabilities', choices[pick], [int(v) for v in rng.integers(0, 3, 60)]))
    logits = rng.normal(0, 1.5, size=(150, 4))
    logits[:, 3] = logits[:, :3].min(axis=1) - 1
    out.append(estimator_case('a class never predicted', 'logits', logits, [int(v) for v in rng.integers(0, 4, 150)]))
    logits = rng.normal(0, 2, size=(5, 3))
    out.append(estimator_case('N < bins', 'logits', logits, [0, 1, 2, 1, 0], grid_size=1001, bins=15))
    out.append(estimator_case('N = 1', 'logits', [[2.0, 0.5, -1.0]], [1]))
    out.append(estimator_case('N = 1, correct', 'probabilities', [[0.25, 0.75]], [1]))
    return out


def bootstrap_cases(rng):
    logits = rng.normal(0, 2, size=(60, 4))
    labels = [int(rng.choice(4, p=row)) for row in probabilities_of('logits', logits * 0.8)]
    probs = rng.dirichlet(np.full(3, 0.8), size=25)
    plabels = [int(rng.choice(3, p=row)) for row in probs]
    return [
        bootstrap_case('logits N=60 K=4, 200 resamples, seed 0', 'logits', logits, labels, 200, 0, 0.95, 5, 101),
        bootstrap_case('probabilities N=25 K=3, 101 resamples, seed -7, level 0.8', 'probabilities', probs, plabels,
                       101, -7, 0.8, 4, 51),
        bootstrap_case('one resample', 'logits', logits[:10], labels[:10], 1, 12345, 0.9, 3, 51),
    ]


def main():
    versions = {'numpy': np.__version__, 'scipy': scipy.__version__}
    estimator = cases(np.random.default_rng(20230405))
    bootstrap = bootstrap_cases(np.random.default_rng(2021))
    write_json('calibration', 'estimators.json', {'generator': 'tooling/reference/estimators.py', 'versions': versions,
                                   'cases': estimator, 'bootstrap': bootstrap})
    print(f'{len(estimator)} estimator cases and {len(bootstrap)} bootstrap cases written to packages/calibration/src/__fixtures__')


if __name__ == '__main__':
    main()

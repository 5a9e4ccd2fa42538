#!/usr/bin/python3
"""Reference fixtures for the one-vs-rest calibrators of @softlabels/calibration (isotonic, Platt, beta, histogram).

Regenerate (from the repository root, with the Debian interpreter that has scikit-learn 1.2):

    /usr/bin/python3 tooling/reference/sklearn_calibrators.py

Writes, atomically (temporary name in the same folder, then rename):
  packages/calibration/src/__fixtures__/sklearn-calibrators.json

Sources of truth, kept independent of the TypeScript code:
  * scikit-learn 1.2 `CalibratedClassifierCV(<frozen prefit classifier>, cv='prefit', method='isotonic'|'sigmoid')`,
    so that the one-vs-rest split, the binary case (class 1 only, [1 - q, q]) and the row normalisation are
    scikit-learn's own. The frozen classifier returns the case's scores: `decision_function` (z1 - z0 for two
    classes, the logits otherwise) for Platt on logits, `predict_proba` (the probabilities, or the softmax of the
    logits) everywhere else. Platt's fitted `a_`, `b_` of each column are kept too: its objective uses smoothed
    targets, so the test compares that objective, not only the NLL;
  * scikit-learn 1.2 `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1)` for single columns;
  * beta calibration (Kull, Silva Filho & Flach 2017, betacal's 'abm') written from the paper on scikit-learn's
    `LogisticRegression(penalty=None, solver='lbfgs', tol=1e-12, max_iter=10000)`, polished by plain Newton steps in
    numpy (lbfgs stops on its relative-decrease test first): features [ln p, -ln(1 - p)] of p
    clipped to [1e-15, 1 - 1e-15]; a < 0 refits without ln p, else b < 0 refits without -ln(1 - p), and a refit
    whose exponent is still negative leaves the intercept alone; one-vs-rest as above;
  * histogram binning (Zadrozny & Elkan 2001) written here from the definition in float64: uniform bins
    ((m-1)/M, m/M] (0 into the first), or equal-mass edges of the fit column (edge m the largest value of the m-th of
    M rank chunks); each bin the fraction of positives among its fit rows, an empty bin its midpoint; probabilities
    clipped to [0, 1]; one-vs-rest as above.
Every case holds the inputs, the calibrated probabilities of the fit rows and of held-out rows (class 1 alone for
K = 2), and the mean NLL of the fit rows (each probability clipped below at 1e-15); `unbounded` marks the cases where
a beta optimum lies at infinity. A list of single columns holds IsotonicRegression's thresholds and predictions. Deterministic: numpy Generators with fixed seeds.
"""
import math
import warnings
from bisect import bisect_left

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from fixture_io import write_json

FLOOR = 1e-15


# ----------------------------------------------------------------------------------------------------------------
# Scores as the TypeScript reader sees them
# ----------------------------------------------------------------------------------------------------------------

def expand(kind, values):
    """The binary form (one value per row) as two-class rows: p -> [1 - p, p], s -> [0, s]."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 2:
        return values
    if kind == 'probabilities':
        return np.stack([1.0 - values, values], axis=1)
    return np.stack([np.zeros_like(values), values], axis=1)


def softmax(z):
    """Max-shifted softmax with the sum taken class by class (the order of the TypeScript code)."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    total = e[:, 0].copy()
    for k in range(1, z.shape[1]):
        total = total + e[:, k]
    return e / total[:, None]


def probabilities_of(kind, rows):
    return rows if kind == 'probabilities' else softmax(rows)


# ----------------------------------------------------------------------------------------------------------------
# scikit-learn's CalibratedClassifierCV on frozen scores
# ----------------------------------------------------------------------------------------------------------------

class FrozenProbabilities(ClassifierMixin, BaseEstimator):
    """A prefit classifier whose input X is its own predict_proba output."""

    def __init__(self, classes=2):
        self.classes = classes

    def fit(self, X, y):
        self.classes_ = np.arange(self.classes)
        return self

    def predict_proba(self, X):
        return np.asarray(X, dtype=np.float64)


class FrozenDecision(FrozenProbabilities):
    """A prefit classifier whose input X is its logits; decision_function as a linear model's (z1 - z0 when binary)."""

    def decision_function(self, X):
        z = np.asarray(X, dtype=np.float64)
        return z[:, 1] - z[:, 0] if z.shape[1] == 2 else z


def sklearn_calibrated(method, kind, rows, labels, held):
    classes = rows.shape[1]
    if method == 'sigmoid' and kind == 'logits':
        estimator, fit_x, held_x = FrozenDecision(classes), rows, held
    else:
        estimator = FrozenProbabilities(classes)
        fit_x, held_x = probabilities_of(kind, rows), probabilities_of(kind, held)
    estimator.fit(fit_x, labels)
    calibrated = CalibratedClassifierCV(estimator, cv='prefit', method=method).fit(fit_x, labels)
    return calibrated.predict_proba(fit_x), calibrated.predict_proba(held_x), calibrated.calibrated_classifiers_[0]


# ----------------------------------------------------------------------------------------------------------------
# One-vs-rest frame for the references written here
# ----------------------------------------------------------------------------------------------------------------

def one_vs_rest(fit_column, apply_column, probs, labels, held):
    """Calibrates class 1 alone for K = 2 ([1 - q, q]); every class otherwise, rows divided by their sums."""
    classes = probs.shape[1]
    columns = [1] if classes == 2 else list(range(classes))
    fit_out = np.zeros_like(probs)
    held_out = np.zeros_like(held)
    for k in columns:
        model = fit_column(probs[:, k], (labels == k).astype(np.float64))
        fit_out[:, k] = apply_column(model, probs[:, k])
        held_out[:, k] = apply_column(model, held[:, k])
    for out in (fit_out, held_out):
        if classes == 2:
            out[:, 0] = 1.0 - out[:, 1]
        else:
            total = out.sum(axis=1)
            zero = total == 0
            out[~zero] /= total[~zero, None]
            out[zero] = 1.0 / classes
    return fit_out, held_out


# Beta calibration ------------------------------------------------------------------------------------------------

def beta_features(p):
    p = np.clip(np.asarray(p, dtype=np.float64), FLOOR, 1.0 - FLOOR)
    return np.stack([np.log(p), -np.log1p(-p)], axis=1)


def logistic(x, y):
    """Unregularised logistic regression, (weights, intercept): scikit-learn's lbfgs, then plain Newton steps in
    numpy (lbfgs stops on its relative-decrease test first), kept while they lower the mean cross-entropy. All rows one
    class: the intercept-only limit, +-40."""
    if y.min() == y.max():
        return np.zeros(x.shape[1]), 40.0 if y[0] == 1 else -40.0
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = LogisticRegression(penalty=None, solver='lbfgs', tol=1e-12, max_iter=10000).fit(x, y)
    theta = np.append(model.coef_[0], model.intercept_[0])
    design = np.hstack([x, np.ones((len(y), 1))])

    def objective(t):
        z = design @ t
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    for _ in range(20):
        z = design @ theta
        with np.errstate(over='ignore'):
            q = 1.0 / (1.0 + np.exp(-z))
        gradient = design.T @ (q - y) / len(y)
        hessian = (design * (q * (1.0 - q))[:, None]).T @ design / len(y)
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            break
        if not objective(theta - step) < objective(theta):
            break
        theta = theta - step
    return theta[:-1].copy(), float(theta[-1])


def intercept_only(y):
    """The intercept-only logistic fit: the log-odds of the positives (+-40 where all rows are one class)."""
    mean = float(np.mean(y))
    return 40.0 if mean == 1.0 else -40.0 if mean == 0.0 else math.log(mean / (1.0 - mean))


def fit_beta(p, y):
    x = beta_features(p)
    w, c = logistic(x, y)
    if w[0] >= 0 and w[1] >= 0:
        return float(w[0]), float(w[1]), c
    keep = 1 if w[0] < 0 else 0
    single, c1 = logistic(x[:, [keep]], y)
    if single[0] >= 0:
        return (0.0, float(single[0]), c1) if keep == 1 else (float(single[0]), 0.0, c1)
    return 0.0, 0.0, intercept_only(y)


def apply_beta(model, p):
    a, b, c = model
    x = beta_features(p)
    s = c + a * x[:, 0] + b * x[:, 1]
    return 1.0 / (1.0 + np.exp(-s))


# Histogram binning -----------------------------------------------------------------------------------------------

def uniform_edges(bins):
    return [m / bins for m in range(bins + 1)]


def quantile_edges(values, bins):
    s = sorted(values)
    n = len(s)
    return [0.0] + [s[-(-m * n // bins) - 1] for m in range(1, bins)] + [1.0]


def bin_of(value, edges):
    """The first m with value <= edges[m + 1] (m < M - 1), else the last bin."""
    return bisect_left(edges, value, 1, len(edges) - 1) - 1


def histogram(bins, binning):
    def fit_column(p, y):
        p = [min(max(float(v), 0.0), 1.0) for v in p]
        edges = uniform_edges(bins) if binning == 'uniform' else quantile_edges(p, bins)
        count = [0] * bins
        positive = [0] * bins
        for value, target in zip(p, y):
            m = bin_of(value, edges)
            count[m] += 1
            positive[m] += int(target)
        values = [positive[m] / count[m] if count[m] else (edges[m] + edges[m + 1]) / 2 for m in range(bins)]
        return edges, values

    def apply_column(model, p):
        edges, values = model
        return np.array([values[bin_of(min(max(float(v), 0.0), 1.0), edges)] for v in p])

    return fit_column, apply_column


# ----------------------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------------------

def mean_nll(probs, labels):
    picked = probs[np.arange(len(labels)), labels]
    return float(np.mean(-np.log(np.maximum(picked, FLOOR))))


def encode_input(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def encode(values):
    """Reference outputs with 15 significant digits (far below the 1e-12 tolerance)."""
    return [float('%.15g' % v) for v in np.asarray(values, dtype=np.float64).ravel()]


def outputs(fit_out, held_out, labels):
    """Calibrated rows of the fit and held-out rows (for K = 2 class 1 alone: class 0 is 1 - q), and the fit NLL."""
    keep = (lambda out: out[:, 1]) if fit_out.shape[1] == 2 else (lambda out: out)
    return {'fit': encode(keep(fit_out)), 'heldOut': encode(keep(held_out)), 'nll': mean_nll(fit_out, labels)}


HISTOGRAMS = [(15, 'uniform'), (10, 'quantile'), (3, 'uniform'), (4, 'quantile')]
"""Cases of more than this many rows take the first two histogram settings only (the fixture's size)."""
LARGE = 300


def make_case(name, kind, values, labels, held_values, unbounded=False):
    """`unbounded`: some column's beta fit has its optimum at infinity (a group of equal probabilities that is all
    one class), so the map at held-out rows depends on where the optimiser stopped: compared on the fit rows only."""
    labels = np.asarray(labels, dtype=np.int64)
    rows = expand(kind, values)
    held = expand(kind, held_values)
    probs = probabilities_of(kind, rows)
    held_probs = probabilities_of(kind, held)
    case = {'name': name, 'kind': kind, 'values': encode_input(values),
            'shape': list(np.asarray(values).shape), 'labels': [int(v) for v in labels],
            'heldOut': encode_input(held_values), 'heldOutShape': list(np.asarray(held_values).shape),
            'unbounded': unbounded}
    for method, key in [('isotonic', 'isotonic'), ('sigmoid', 'platt')]:
        fit_out, held_out, fitted = sklearn_calibrated(method, kind, rows, labels, held)
        case[key] = outputs(fit_out, held_out, labels)
        if method == 'sigmoid':
            case[key]['a'] = [float(c.a_) for c in fitted.calibrators]
            case[key]['b'] = [float(c.b_) for c in fitted.calibrators]
    case['beta'] = outputs(*one_vs_rest(fit_beta, apply_beta, probs, labels, held_probs), labels)
    case['histogram'] = []
    for bins, binning in HISTOGRAMS[:2] if len(labels) > LARGE else HISTOGRAMS:
        reference = outputs(*one_vs_rest(*histogram(bins, binning), probs, labels, held_probs), labels)
        case['histogram'].append({'bins': bins, 'binning': binning, **reference})
    return case


def sig(values, digits=10):
    return np.vectorize(lambda v: float('%.*g' % (digits, v)))(np.asarray(values, dtype=np.float64))


def draw(rng, n, k, scale, temperature):
    """Logits, and labels drawn from their softmax at another temperature (over- or under-confident scores)."""
    z = sig(rng.normal(size=(n, k)) * scale)
    p = softmax(z / temperature)
    labels = np.array([rng.choice(k, p=row) for row in p])
    return z, labels


def held_logits(rng, m, k, scale):
    return sig(rng.normal(size=(m, k)) * scale * 1.5)


def as_probabilities(z):
    return sig(softmax(z), 12)


def random_cases(rng):
    cases = []
    for n in [5, 40, 500, 3000]:
        z, labels = draw(rng, n, 2, 2.0, 0.7)
        p = sig(softmax(z)[:, 1], 12)
        held = np.concatenate([[0.0, 1.0, float(p.min()), float(p.max())], sig(rng.uniform(size=12), 12)])
        cases.append(make_case(f'binary form probabilities n={n}', 'probabilities', p, labels, held))
    for n in [20, 300, 1200]:
        z, labels = draw(rng, n, 2, 3.0, 1.6)
        s = sig(z[:, 1] - z[:, 0])
        held = np.concatenate([[0.0, float(s.min()) - 1.0, float(s.max()) + 1.0], sig(rng.normal(size=12) * 4)])
        cases.append(make_case(f'binary form logits n={n}', 'logits', s, labels, held))
    for n, kind in [(200, 'probabilities'), (800, 'logits')]:
        z, labels = draw(rng, n, 2, 2.5, 0.8)
        held = held_logits(rng, 10, 2, 2.5)
        values, held_values = (as_probabilities(z), as_probabilities(held)) if kind == 'probabilities' else (z, held)
        cases.append(make_case(f'K=2 rows {kind} n={n}', kind, values, labels, held_values))
    for n, k, kind in [(60, 3, 'probabilities'), (500, 3, 'probabilities'), (400, 3, 'logits'),
                       (150, 10, 'probabilities'), (120, 10, 'logits'), (250, 5, 'logits')]:
        z, labels = draw(rng, n, k, 2.0, float(rng.choice([0.6, 1.5])))
        held = held_logits(rng, 10, k, 2.0)
        values, held_values = (as_probabilities(z), as_probabilities(held)) if kind == 'probabilities' else (z, held)
        cases.append(make_case(f'K={k} {kind} n={n}', kind, values, labels, held_values))
    return cases


def edge_cases(rng):
    cases = []
    z, _ = draw(rng, 30, 2, 2.0, 1.0)
    p = sig(softmax(z)[:, 1], 12)
    cases.append(make_case('all rows class 1 (binary form)', 'probabilities', p, [1] * 30, [0.0, 0.3, 0.9, 1.0]))
    cases.append(make_case('all rows class 0 (binary form)', 'probabilities', p, [0] * 30, [0.0, 0.3, 0.9, 1.0]))
    z, _ = draw(rng, 40, 3, 2.0, 1.0)
    cases.append(make_case('all rows class 2, K=3', 'probabilities', as_probabilities(z), [2] * 40,
                           as_probabilities(held_logits(rng, 5, 3, 2.0))))
    # Ties: scores rounded to one decimal, so many rows share a value.
    z, labels = draw(rng, 120, 2, 2.0, 1.0)
    p = np.round(softmax(z)[:, 1], 1)
    cases.append(make_case('ties: binary form probabilities on a 0.1 grid', 'probabilities', p, labels,
                           [0.0, 0.05, 0.1, 0.15, 0.5, 0.55, 0.95, 1.0]))
    z, labels = draw(rng, 90, 2, 2.0, 1.0)
    cases.append(make_case('ties: binary form logits on an integer grid', 'logits', np.round(z[:, 1] - z[:, 0]), labels,
                           [-3.0, -0.5, 0.0, 2.0, 9.0]))
    grid = np.array([[0.2, 0.3, 0.5], [0.5, 0.25, 0.25], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.25, 0.5, 0.25]])
    picks = rng.integers(0, len(grid), size=90)
    cases.append(make_case('ties: K=3 probabilities, five distinct rows', 'probabilities', grid[picks],
                           [int(rng.choice(3, p=grid[i])) for i in picks], grid[[0, 2, 4]]))
    # A class never predicted (its probability always tiny) and never a label; another never a label.
    z, labels = draw(rng, 80, 3, 2.0, 1.0)
    p = softmax(np.concatenate([z, np.full((80, 1), -40.0)], axis=1))
    cases.append(make_case('K=4, class 3 never predicted nor labelled', 'probabilities', sig(p, 12), labels,
                           sig(softmax(np.concatenate([held_logits(rng, 5, 3, 2.0), np.full((5, 1), -40.0)], 1)), 12)))
    z, labels = draw(rng, 50, 4, 2.0, 1.0)
    labels = np.where(labels == 1, 0, labels)
    cases.append(make_case('K=4 logits, class 1 never a label', 'logits', z, labels, held_logits(rng, 5, 4, 2.0)))
    # Fewer rows than bins.
    z, labels = draw(rng, 7, 2, 2.0, 1.0)
    cases.append(make_case('n=7 < bins (K=2 probabilities)', 'probabilities', as_probabilities(z), labels,
                           as_probabilities(held_logits(rng, 4, 2, 2.0))))
    z, labels = draw(rng, 6, 3, 2.0, 1.0)
    cases.append(make_case('n=6 < bins (K=3 logits)', 'logits', z, labels, held_logits(rng, 4, 3, 2.0)))
    # Scores exactly 0 and 1.
    p = np.array([0.0] * 6 + [1.0] * 6 + list(sig(rng.uniform(size=18), 12)))
    labels = np.array([0, 0, 0, 0, 1, 0] + [1, 1, 1, 0, 1, 1] + [int(rng.uniform() < v) for v in p[12:]])
    cases.append(make_case('scores exactly 0 and 1 (binary form)', 'probabilities', p, labels, [0.0, 0.5, 1.0]))
    rows = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]] * 4 + [[0.2, 0.3, 0.5], [0.6, 0.4, 0.0]] * 3)
    labels = np.array([0, 1, 2, 1, 1, 2, 0, 0, 2, 0, 1, 1] + [2, 0, 1, 1, 0, 0])
    cases.append(make_case('K=3 rows with exact 0 and 1', 'probabilities', rows, labels,
                           [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.1, 0.1, 0.8]], unbounded=True))
    return cases


def isotonic_columns(rng):
    """Single columns through IsotonicRegression: random, ties, values closer than scikit-learn's tie resolution."""
    columns = []
    specs = [
        ('random n=50', sig(rng.uniform(size=50), 12), None),
        ('ties on a 0.25 grid', np.round(rng.uniform(size=40) * 4) / 4, None),
        ('within 1e-15 of each other', np.array([0.3, 0.3 + 5e-16, 0.3 + 1.5e-15, 0.7, 0.7 + 9e-16, 1e-16, 0.0, 8e-16]),
         np.array([0, 1, 1, 0, 1, 1, 0, 1])),
        ('one distinct value', np.full(6, 0.4), np.array([1, 0, 1, 1, 0, 1])),
        ('decreasing targets', np.linspace(0.0, 1.0, 9), np.array([1, 1, 1, 0, 1, 0, 0, 0, 0])),
    ]
    for name, x, y in specs:
        if y is None:
            y = (rng.uniform(size=len(x)) < x).astype(np.int64)
        model = IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1).fit(x, y.astype(np.float64))
        at = np.concatenate([[-0.5, 0.0, 1.0, 1.5], np.asarray(x), sig(rng.uniform(size=8), 12)])
        columns.append({'name': name, 'x': encode_input(x), 'y': [int(v) for v in y],
                        'thresholds': encode_input(model.X_thresholds_), 'values': encode(model.y_thresholds_),
                        'at': encode_input(at), 'predicted': encode(model.predict(at))})
    return columns


def main():
    rng = np.random.default_rng(20170401)
    cases = random_cases(rng) + edge_cases(rng)
    write_json('calibration', 'sklearn-calibrators.json', {
        'generator': 'tooling/reference/sklearn_calibrators.py',
        'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__},
        'cases': cases,
        'isotonicColumns': isotonic_columns(np.random.default_rng(2002)),
    })


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Reference fixtures for @softlabels/vis.

Regenerate (from the repository root, Debian's Python with PyTorch 1.13, NumPy and the Fashion-MNIST package):

    /usr/bin/python3 tooling/reference/vis_fixtures.py            # geometry fixtures only (< 1 s)
    /usr/bin/python3 tooling/reference/vis_fixtures.py --charts   # also the chart demo data (~2 min on 2 cores)

Writes into packages/vis/src/__fixtures__/:
- projection.json: the paper's template-plane projection (Mueller et al. 2019, Sec. 2) computed independently in
  float64 NumPy: u1 = (w_b - w_a)/|.|, u2 = Gram-Schmidt residual of (w_c - w_a) against u1, normalised; coordinates
  of [x; 1] are <[x; 1] - w_a, u1>, <[x; 1] - w_a, u2>. Random cases plus edge cases (D = 1, nearly collinear
  templates, large offsets).
- cluster-statistics.json: per-class spread (mean distance to the centroid), centroid distances and the tightness
  ratio, computed with NumPy.
- charts.json: plain data for the five chart builders, measured by training small PyTorch MLPs on Fashion-MNIST
  (baseline vs label smoothing; ECE per alpha over seeds with temperature scaling as reference; distillation students
  vs teacher smoothness gamma). Used for the rendered pictures in packages/vis/docs/ and the chart tests.
"""
import gzip
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'packages', 'vis', 'src', '__fixtures__')


def write_json(name, value):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    temporary = path + '.tmp'
    with open(temporary, 'w') as handle:
        json.dump(value, handle, separators=(',', ':'))
        handle.write('\n')
    os.replace(temporary, path)


# ---------------------------------------------------------------------------------------------- geometry fixtures
def project(activations, templates, classes):
    a, b, c = classes
    wa, wb, wc = templates[a], templates[b], templates[c]
    u1 = (wb - wa) / np.linalg.norm(wb - wa)
    r = (wc - wa) - np.dot(wc - wa, u1) * u1
    u2 = r / np.linalg.norm(r)
    extended = np.hstack([activations, np.ones((activations.shape[0], 1))])
    shifted = extended - wa
    points = np.stack([shifted @ u1, shifted @ u2], axis=1)
    vertices = np.stack([(templates[k] - wa) @ u1 for k in classes]), np.stack([(templates[k] - wa) @ u2 for k in classes])
    return points, np.stack(vertices, axis=1), np.stack([u1, u2])


def projection_cases(rng):
    cases = []
    shapes = [(3, 1), (3, 2), (4, 3), (5, 8), (10, 16), (10, 64), (7, 5)]
    for index, (classes_count, dim) in enumerate(shapes * 3):
        templates = rng.normal(size=(classes_count, dim + 1)) * rng.uniform(0.5, 3)
        activations = rng.normal(size=(12, dim)) * rng.uniform(0.5, 4) + rng.normal(size=dim)
        classes = [int(k) for k in rng.choice(classes_count, size=3, replace=False)]
        if index % 5 == 4:  # large common offset: cancellation in w - w_a must not hurt
            templates += 1e3
            activations += 1e3
        cases.append((f'random C={classes_count} D={dim} #{index}', activations, templates, classes))
    # Nearly collinear templates (residual 1e-6 of the spread) still define a plane.
    templates = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 1.0], [2.0, 1e-6, 1.0]])
    activations = rng.normal(size=(6, 2))
    cases.append(('nearly collinear templates', activations, templates, [0, 1, 2]))
    out = []
    for name, activations, templates, classes in cases:
        points, vertices, basis = project(activations, templates, classes)
        labels = [int(k) for k in rng.integers(0, templates.shape[0], size=activations.shape[0])]
        out.append({
            'name': name,
            'activations': activations.tolist(),
            'templates': templates.tolist(),
            'classes': classes,
            'labels': labels,
            'points': points.tolist(),
            'vertices': vertices.tolist(),
            'basis': basis.tolist(),
        })
    return out


def cluster_statistics(points, labels):
    classes = sorted(set(labels))
    labels = np.array(labels)
    centroids, spreads, counts = [], [], []
    for k in classes:
        members = points[labels == k]
        centroid = members.mean(axis=0)
        centroids.append(centroid)
        spreads.append(float(np.linalg.norm(members - centroid, axis=1).mean()))
        counts.append(int(members.shape[0]))
    distances = []
    for i in range(len(classes)):
        for j in range(i + 1, len(classes)):
            distances.append({'a': classes[i], 'b': classes[j],
                              'distance': float(np.linalg.norm(centroids[i] - centroids[j]))})
    mean_spread = float(np.mean(spreads))
    mean_distance = float(np.mean([d['distance'] for d in distances]))
    return {
        'classes': [{'label': k, 'count': n, 'centroid': {'x': float(c[0]), 'y': float(c[1])}, 'spread': s}
                    for k, n, c, s in zip(classes, counts, centroids, spreads)],
        'centroidDistances': distances,
        'meanSpread': mean_spread,
        'meanCentroidDistance': mean_distance,
        'tightness': mean_spread / mean_distance,
    }


def cluster_cases(rng):
    out = []
    for index, (classes_count, per_class) in enumerate([(2, 1), (2, 5), (3, 10), (3, 100), (5, 7), (10, 3)]):
        centres = rng.normal(size=(classes_count, 2)) * 5
        labels = [int(k) for k in np.repeat(np.arange(classes_count), per_class)]
        scale = rng.uniform(0.1, 2)
        points = centres[labels] + rng.normal(size=(len(labels), 2)) * scale
        order = rng.permutation(len(labels))
        points, labels = points[order], [labels[i] for i in order]
        out.append({
            'name': f'{classes_count} classes x {per_class} #{index}',
            'points': [{'x': float(p[0]), 'y': float(p[1]), 'label': k} for p, k in zip(points, labels)],
            'expected': cluster_statistics(points, labels),
        })
    return out


# ------------------------------------------------------------------------------------------------- chart demo data
def load_idx(name):
    with gzip.open(os.path.join('/usr/share/datasets/fashion-mnist', name), 'rb') as handle:
        data = handle.read()
    if data[2] == 8 and data[3] == 3:
        n, rows, cols = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(3))
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols).astype(np.float32) / 255.0
    return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)


def chart_data():
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    x_train, y_train = load_idx('train-images-idx3-ubyte.gz'), load_idx('train-labels-idx1-ubyte.gz')
    x_test, y_test = load_idx('t10k-images-idx3-ubyte.gz'), load_idx('t10k-labels-idx1-ubyte.gz')
    n_train, n_val, n_test = 5000, 2000, 4000
    xt, yt = torch.tensor(x_train[:n_train]), torch.tensor(y_train[:n_train])
    xv, yv = torch.tensor(x_train[n_train:n_train + n_val]), torch.tensor(y_train[n_train:n_train + n_val])
    xs, ys = torch.tensor(x_test[:n_test]), torch.tensor(y_test[:n_test])

    class Mlp(torch.nn.Module):
        def __init__(self, hidden):
            super().__init__()
            sizes = [784] + hidden
            self.body = torch.nn.ModuleList(torch.nn.Linear(i, o) for i, o in zip(sizes, sizes[1:]))
            self.head = torch.nn.Linear(sizes[-1], 10)

        def features(self, x):
            for layer in self.body:
                x = F.relu(layer(x))
            return x

        def forward(self, x):
            return self.head(self.features(x))

    def accuracy(logits, labels):
        return float((logits.argmax(1) == labels).float().mean())

    def train(seed, alpha, epochs, hidden, x, targets, history=None):
        print(f'train seed={seed} alpha={alpha} hidden={hidden} n={x.shape[0]}', file=sys.stderr, flush=True)
        torch.manual_seed(seed)
        model = Mlp(hidden)
        optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
        generator = torch.Generator().manual_seed(seed)
        for _ in range(epochs):
            model.train()
            order = torch.randperm(x.shape[0], generator=generator)
            total, seen, correct = 0.0, 0, 0
            for start in range(0, x.shape[0], 128):
                batch = order[start:start + 128]
                logits = model(x[batch])
                if targets.dtype == torch.int64:
                    loss = F.cross_entropy(logits, targets[batch], label_smoothing=alpha)
                    correct += int((logits.argmax(1) == targets[batch]).sum())
                else:  # soft targets (distillation, beta = 1, student T = 1)
                    loss = -(targets[batch] * F.log_softmax(logits, 1)).sum(1).mean()
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                total += float(loss) * batch.shape[0]
                seen += batch.shape[0]
            if history is not None:
                model.eval()
                with torch.no_grad():
                    val = model(xv)
                history['loss'].append(total / seen)
                history['acc'].append(correct / seen)
                history['val_loss'].append(float(F.cross_entropy(val, yv)))
                history['val_acc'].append(accuracy(val, yv))
        model.eval()
        return model

    def reliability(logits, labels, bins=15):
        probabilities = F.softmax(logits.double(), 1)
        confidence, predicted = probabilities.max(1)
        correct = (predicted == labels).double()
        edges = np.linspace(0, 1, bins + 1)
        index = np.searchsorted(edges[1:], confidence.numpy(), side='left')  # right-closed bins, 0 in bin 1
        rows, ece, mce = [], 0.0, 0.0
        n = labels.shape[0]
        for m in range(bins):
            mask = index == m
            count = int(mask.sum())
            conf = float(confidence.numpy()[mask].mean()) if count else 0.0
            acc = float(correct.numpy()[mask].mean()) if count else 0.0
            gap = abs(acc - conf) if count else 0.0
            ece += count / n * gap
            mce = max(mce, gap)
            rows.append({'lower': float(edges[m]), 'upper': float(edges[m + 1]), 'count': count,
                         'confidence': conf, 'accuracy': acc, 'gap': gap})
        return {'bins': rows, 'ece': ece, 'mce': mce, 'accuracy': float(correct.mean()),
                'averageConfidence': float(confidence.mean()), 'counts': [r['count'] for r in rows]}

    def fit_temperature(logits, labels):
        grid = np.exp(np.linspace(np.log(0.25), np.log(8), 2001))
        nll = [float(F.cross_entropy(logits / t, labels)) for t in grid]
        return float(grid[int(np.argmin(nll))])

    hidden, epochs = [128, 128], 20
    data = {}
    # Baseline vs label smoothing: training curves, reliability diagrams, projections.
    histories, models = {}, {}
    for name, alpha in [('baseline', 0.0), ('label smoothing ε=0.1', 0.1)]:
        history = {'loss': [], 'acc': [], 'val_loss': [], 'val_acc': []}
        models[name] = train(0, alpha, epochs, hidden, xt, yt, history)
        histories[name] = history
    data['trainingCurves'] = [{'name': name, 'history': history} for name, history in histories.items()]
    with torch.no_grad():
        data['reliability'] = {name: reliability(model(xs), ys) for name, model in models.items()}

    chosen = [0, 1, 5]  # T-shirt/top, Trouser, Sandal
    panels = []
    for name, model in models.items():
        templates = torch.cat([model.head.weight, model.head.bias[:, None]], 1).detach().double().numpy()
        for split, (x, y) in [('training', (xt, yt)), ('validation', (xv, yv))]:
            picked = np.concatenate([np.flatnonzero(y.numpy() == k)[:100] for k in chosen])
            with torch.no_grad():
                features = model.features(x[picked]).double().numpy()
            points, vertices, _ = project(features, templates, chosen)
            labels = y.numpy()[picked]
            panels.append({
                'title': f'{name}, {split}',
                'points': [{'x': float(p[0]), 'y': float(p[1]), 'label': int(k)} for p, k in zip(points, labels)],
                'vertices': [{'x': float(v[0]), 'y': float(v[1]), 'label': k} for v, k in zip(vertices, chosen)],
            })
    data['projection'] = panels

    # ECE per alpha over seeds; temperature scaling of the baseline (T fitted on validation) as the reference level.
    measurements, reference = [], []
    for seed in range(3):
        for alpha in [0.0, 0.02, 0.05, 0.1, 0.2]:
            model = models['baseline'] if (seed, alpha) == (0, 0.0) else (
                models['label smoothing ε=0.1'] if (seed, alpha) == (0, 0.1) else train(seed, alpha, epochs, hidden, xt, yt))
            with torch.no_grad():
                test_logits, val_logits = model(xs), model(xv)
            measurements.append({'epsilon': alpha, 'seed': seed, 'ece': reliability(test_logits, ys)['ece']})
            if alpha == 0.0:
                temperature = fit_temperature(val_logits, yv)
                reference.append(reliability(test_logits / temperature, ys)['ece'])
    data['eceByEpsilon'] = {'measurements': measurements, 'reference': {'label': 'temperature scaling', 'values': reference}}

    # Distillation: students (1x32, 2k-image transfer set) trained on teacher soft targets only.
    transfer_x, transfer_y = xt[:2000], yt[:2000]
    points = []
    teachers = [('hard-label teacher', 0.0, temperature) for temperature in (1.0, 2.0, 4.0)]
    teachers += [('label-smoothed teacher', alpha, 1.0) for alpha in (0.05, 0.1, 0.2)]
    teacher_models = {0.0: models['baseline'], 0.1: models['label smoothing ε=0.1']}
    for kind, alpha, temperature in teachers:
        if alpha not in teacher_models:
            teacher_models[alpha] = train(0, alpha, epochs, hidden, xt, yt)
        with torch.no_grad():
            soft = F.softmax(teacher_models[alpha](transfer_x) / temperature, 1)
        one_hot = F.one_hot(transfer_y, 10).float()
        gamma = float(((1 - one_hot) * soft).sum(1).mean()) * 10 / 9
        for seed in range(2):
            student = train(100 + seed, 0.0, 40, [32], transfer_x, soft)
            with torch.no_grad():
                label = f'T={temperature:g}' if alpha == 0.0 else f'ε={alpha:g}'
                points.append({'teacher': kind, 'gamma': gamma, 'temperature': temperature, 'label': label,
                               'seed': seed, 'accuracy': accuracy(student(xs), ys)})
    alone = []
    for seed in range(2):
        student = train(100 + seed, 0.0, 40, [32], transfer_x, transfer_y)
        with torch.no_grad():
            alone.append(accuracy(student(xs), ys))
    data['distillation'] = {'points': points, 'baseline': {'label': 'student alone', 'values': alone}}
    return data


def main():
    rng = np.random.default_rng(20190602)
    write_json('projection.json', projection_cases(rng))
    write_json('cluster-statistics.json', cluster_cases(rng))
    if '--charts' in sys.argv:
        write_json('charts.json', chart_data())


if __name__ == '__main__':
    main()

"""PyTorch CPU peer of `pnpm bench` (tooling/bench). Run by the suite as `/usr/bin/python3 peers/torch_peer.py` with a
JSON task list on stdin; prints JSON results on stdout. PyTorch 1.13, CPU, torch.set_num_threads(2) (the machine's
two cores). Timing: warm-up runs, then the median of timed repeats; every timed region ends with the results
materialised (`.item()` / gradients computed), which on the CPU means the work is done.

Tasks:
  lsce         F.cross_entropy(z, y, label_smoothing=0.1) forward + backward on [rows, classes] float32 logits
  ece          softmax + max + bucketize + bincount, 15 right-closed bins, on the suite's logits (binary file)
  temperature  the reference recipe: LBFGS([T], lr=0.01, max_iter=50) from T = 1.5 on raw T, NLL of softmax(z/T)
  mlp          one epoch of a 784-256-10 MLP, batch 128, Adam 1e-3, label-smoothed CE 0.1, 10k synthetic samples
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def timed(body, warmup, repeats):
    for _ in range(warmup):
        body()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1000)
    return {'medianMs': statistics.median(times), 'minMs': min(times), 'repeats': repeats}


def load(task):
    logits = torch.from_numpy(np.fromfile(task['logitsPath'], dtype=np.float32).reshape(task['rows'], task['classes']))
    labels = torch.from_numpy(np.fromfile(task['labelsPath'], dtype=np.int32).astype(np.int64))
    return logits, labels


def lsce(task, warmup, repeats):
    generator = torch.Generator().manual_seed(0)
    logits = (torch.randn(task['rows'], task['classes'], generator=generator) * 3).requires_grad_(True)
    labels = torch.randint(0, task['classes'], (task['rows'],), generator=generator)

    def body():
        loss = F.cross_entropy(logits, labels, label_smoothing=0.1)
        (grad,) = torch.autograd.grad(loss, logits)
        loss.item()
        return grad

    return timed(body, warmup, repeats), {}


def ece(task, warmup, repeats):
    logits, labels = load(task)
    bins = 15
    edges = torch.linspace(0, 1, bins + 1, dtype=torch.float64)[1:-1]
    result = {}

    def body():
        probabilities = torch.softmax(logits, dim=1)
        confidence, predicted = probabilities.max(dim=1)
        index = torch.bucketize(confidence.double(), edges, right=False)
        counts = torch.bincount(index, minlength=bins).double()
        sums = torch.bincount(index, weights=confidence.double(), minlength=bins)
        hits = torch.bincount(index, weights=(predicted == labels).double(), minlength=bins)
        result['ece'] = float((hits - sums).abs().sum() / counts.sum())

    return timed(body, warmup, repeats), result


def temperature(task, warmup, repeats):
    logits, labels = load(task)
    result = {}

    def body():
        t = torch.nn.Parameter(torch.ones(1) * 1.5)
        optimizer = torch.optim.LBFGS([t], lr=0.01, max_iter=50)

        def closure():
            optimizer.zero_grad()
            loss = F.cross_entropy(logits / t, labels)
            loss.backward()
            return loss

        optimizer.step(closure)
        with torch.no_grad():
            result['nll'] = float(F.cross_entropy(logits / t, labels))
        result['temperature'] = float(t.item())

    # Seconds per fit at full size: no warm-up and at most two timed fits.
    return timed(body, 0, max(1, min(repeats, 2))), result


def mlp(task, warmup, repeats):
    samples = task['samples']
    generator = torch.Generator().manual_seed(7)
    features = torch.rand(samples, 784, generator=generator)
    labels = torch.randint(0, 10, (samples,), generator=generator)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def body():
        order = torch.randperm(samples)
        for start in range(0, samples, 128):
            index = order[start:start + 128]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(features[index]), labels[index], label_smoothing=0.1)
            loss.backward()
            optimizer.step()
        loss.item()

    return timed(body, min(warmup, 1), max(1, min(repeats, 3))), {}


def main():
    config = json.load(sys.stdin)
    torch.set_num_threads(config.get('threads', 2))
    kinds = {'lsce': lsce, 'ece': ece, 'temperature': temperature, 'mlp': mlp}
    results = {}
    for task in config['tasks']:
        measurement, details = kinds[task['kind']](task, config['warmup'], config['repeats'])
        results[task['id']] = {'measurement': measurement, 'details': details}
        print(f"torch peer: {task['id']} {measurement['medianMs']:.1f} ms", file=sys.stderr, flush=True)
    json.dump({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()

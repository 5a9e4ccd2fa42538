"""PyTorch CPU peer of `pnpm bench` (tooling/bench). Run by the suite as `/usr/bin/python3 peers/torch_peer.py` with a
JSON task list on stdin; prints JSON results on stdout. PyTorch 1.13, CPU, torch.set_num_threads(2) (the machine's
two cores). Timing: warm-up runs, then the median of timed repeats; every timed region ends with the results
materialised (`.item()` / gradients computed), which on the CPU means the work is done.

Tasks:
  lsce         F.cross_entropy(z, y, label_smoothing=0.1) forward + backward on [rows, classes] float32 logits
  focal        softmax focal loss, gamma 2, index labels: -(1 - p_y)^2 * log p_y from F.log_softmax, mean; + backward
  binary-focal torchvision's sigmoid_focal_loss (its six lines, gamma 2, alpha 0.25), hard 0/1 targets, mean; + backward
  confidence-penalty  F.cross_entropy(z, y) - 0.1 * mean entropy of softmax(z) (from log_softmax); + backward
  ece          softmax + max + bucketize + bincount, 15 right-closed bins, on the suite's logits (binary file)
  temperature  the reference recipe: LBFGS([T], lr=0.01, max_iter=50) from T = 1.5 on raw T, NLL of softmax(z/T)
  calibrator   the reference fit of a fitCalibrator method on the suite's logits: temperature (on log T), vector,
               matrix and Dirichlet scaling by full-batch float64 LBFGS(line_search_fn='strong_wolfe') from the
               identity until the gradient's largest entry is at most 1e-8 (at most 2000 iterations, or until
               the task's budgetSeconds, if it has one, is spent: then stoppedAtBudget is 1); isotonic
               and Platt by scikit-learn 1.2's CalibratedClassifierCV(cv='prefit') over a frozen classifier
  mlp          one epoch of a 784-256-10 MLP, batch 128, Adam 1e-3, label-smoothed CE 0.1, 10k synthetic samples
  cnn          one epoch of conv 16@3x3 relu, max-pool 2, conv 32@3x3 relu, max-pool 2, linear 800-10 (NCHW), batch 128
               shuffled, Adam 1e-3, label-smoothed CE 0.1, on the suite's images (binary files, [samples, 784] float32)
  resnet       the same training of a small ResNet: stem conv 3x3 16 + BN + relu, one basic block per stage at 16, 32
               (stride 2, 1x1 projection) and 64 channels (stride 2, projection), global average pooling, linear 64-10
  conv-kernel  one kernel at one shape (NCHW): F.conv2d forward, torch.nn.grad.conv2d_weight / conv2d_input, 2x2
               max-pool forward + backward, batch norm in training forward + backward (eps 1e-3)
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


def loss_task(task, loss_of, binary, warmup, repeats):
    """Forward + backward of loss_of(logits, labels) on [rows, classes] logits, as the lsce task times them."""
    generator = torch.Generator().manual_seed(0)
    logits = (torch.randn(task['rows'], task['classes'], generator=generator) * 3).requires_grad_(True)
    if binary:
        labels = torch.randint(0, 2, (task['rows'], task['classes']), generator=generator).float()
    else:
        labels = torch.randint(0, task['classes'], (task['rows'],), generator=generator)

    def body():
        loss = loss_of(logits, labels)
        (grad,) = torch.autograd.grad(loss, logits)
        loss.item()
        return grad

    return timed(body, warmup, repeats), {}


def focal_loss(logits, labels, gamma=2.0):
    log_p = F.log_softmax(logits, dim=1).gather(1, labels[:, None]).squeeze(1)
    return (-((1 - log_p.exp()) ** gamma) * log_p).mean()


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0):
    """torchvision.ops.sigmoid_focal_loss (torchvision 0.14), reduction 'mean'."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return (alpha_t * loss).mean()


def confidence_penalty(logits, labels, beta=0.1):
    log_p = F.log_softmax(logits, dim=1)
    entropy = -(log_p.exp() * log_p).sum(1)
    return F.nll_loss(log_p, labels) - beta * entropy.mean()


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


class FrozenProbabilities:
    """A prefit classifier for CalibratedClassifierCV whose input X is its logits, seen through predict_proba."""

    def __init__(self, classes):
        self.classes_ = np.arange(classes)

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        e = np.exp(X - X.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


class FrozenDecision(FrozenProbabilities):
    """The same classifier with a decision function, which CalibratedClassifierCV then prefers (Platt on logits)."""

    def decision_function(self, X):
        return X[:, 1] - X[:, 0] if X.shape[1] == 2 else X


def linear_scores(method, params, z, log_p):
    if method == 'temperature':
        return z / torch.exp(params[0])
    if method == 'vector':
        return z * params[0] + params[1]
    return (log_p if method == 'dirichlet' else z) @ params[0].T + params[1]


class OutOfBudget(Exception):
    """Raised inside the closure once a fit has used its time budget."""


def linear_fit(method, z, y, max_iterations, budget=None):
    k = z.shape[1]
    log_p = F.log_softmax(z, dim=1) if method == 'dirichlet' else None
    if method == 'temperature':
        params = [torch.zeros(1, dtype=torch.float64, requires_grad=True)]
    elif method == 'vector':
        params = [torch.ones(k, dtype=torch.float64, requires_grad=True),
                  torch.zeros(k, dtype=torch.float64, requires_grad=True)]
    else:
        params = [torch.eye(k, dtype=torch.float64).requires_grad_(True),
                  torch.zeros(k, dtype=torch.float64, requires_grad=True)]
    optimizer = torch.optim.LBFGS(params, lr=1, max_iter=max_iterations, history_size=10,
                                  line_search_fn='strong_wolfe', tolerance_grad=1e-8, tolerance_change=0)
    start = time.perf_counter()

    def closure():
        if budget is not None and time.perf_counter() - start > budget:
            raise OutOfBudget()
        optimizer.zero_grad()
        loss = F.cross_entropy(linear_scores(method, params, z, log_p), y)
        loss.backward()
        return loss

    stopped = False
    try:
        optimizer.step(closure)
    except OutOfBudget:
        stopped = True
    optimizer.zero_grad()
    loss = F.cross_entropy(linear_scores(method, params, z, log_p), y)
    loss.backward()
    largest = max(float(p.grad.abs().max()) for p in params)
    return {'nllAfter': float(loss), 'iterations': optimizer.state[optimizer._params[0]].get('n_iter', 0),
            'converged': 1 if largest <= 1e-8 else 0, 'stoppedAtBudget': 1 if stopped else 0}


def sklearn_fit(method, z, y):
    from sklearn.calibration import CalibratedClassifierCV
    x = z.numpy()
    labels = y.numpy()
    # As fitCalibrator on { logits }: isotonic on the softmax probabilities, Platt on the decision function.
    frozen = FrozenProbabilities(x.shape[1]) if method == 'isotonic' else FrozenDecision(x.shape[1])
    calibrated = CalibratedClassifierCV(frozen, cv='prefit', method='isotonic' if method == 'isotonic' else 'sigmoid')
    calibrated.fit(x, labels)
    p = calibrated.predict_proba(x)
    return {'nllAfter': float(-np.log(np.clip(p[np.arange(len(labels)), labels], 1e-15, 1)).mean())}


def calibrator(task, warmup, repeats):
    logits, labels = load(task)
    method = task['method']
    result = {}
    if method in ('temperature', 'vector', 'matrix', 'dirichlet'):
        z = logits.double()
        body = lambda: result.update(linear_fit(method, z, labels, 2000, task.get('budgetSeconds')))
    else:
        body = lambda: result.update(sklearn_fit(method, logits.double(), labels))
    # Seconds to minutes per fit at full size: one timed fit, no warm-up.
    return timed(body, 0, 1), result


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


def load_images(task):
    samples = task['samples']
    images = torch.from_numpy(np.fromfile(task['imagesPath'], dtype=np.float32).reshape(samples, 1, 28, 28))
    labels = torch.from_numpy(np.fromfile(task['labelsPath'], dtype=np.int32).astype(np.int64))
    return images, labels


def train_epochs(model, task, warmup, repeats):
    """Epochs as the suite's conv nets run them: batch 128, shuffled, Adam 1e-3, LS-CE 0.1."""
    images, labels = load_images(task)
    samples = task['samples']
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    result = {'trainableParameters': sum(p.numel() for p in model.parameters() if p.requires_grad)}

    def body():
        model.train()
        order = torch.randperm(samples)
        total = torch.zeros(())
        for start in range(0, samples, 128):
            index = order[start:start + 128]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(images[index]), labels[index], label_smoothing=0.1)
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(index)
        result['loss'] = float(total.item()) / samples

    return timed(body, min(warmup, 1), max(1, min(repeats, 3))), result


def cnn(task, warmup, repeats):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 5 * 5, 10))
    return train_epochs(model, task, warmup, repeats)


def conv_bn(inputs, outputs, kernel, stride):
    # tfjs-layers' BatchNormalization defaults: moving averages with weight 0.99 (PyTorch's momentum 0.01), eps 1e-3.
    return torch.nn.Sequential(
        torch.nn.Conv2d(inputs, outputs, kernel, stride=stride, padding=kernel // 2, bias=False),
        torch.nn.BatchNorm2d(outputs, eps=1e-3, momentum=0.01))


class Block(torch.nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.branch = torch.nn.Sequential(conv_bn(inputs, outputs, 3, stride), torch.nn.ReLU(),
                                          conv_bn(outputs, outputs, 3, 1))
        self.shortcut = torch.nn.Identity() if stride == 1 else conv_bn(inputs, outputs, 1, stride)

    def forward(self, x):
        return torch.relu(self.branch(x) + self.shortcut(x))


def resnet(task, warmup, repeats):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        conv_bn(1, 16, 3, 1), torch.nn.ReLU(),
        Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(64, 10))
    return train_epochs(model, task, warmup, repeats)


def conv_kernel(task, warmup, repeats):
    generator = torch.Generator().manual_seed(5)
    batch, channels, height, width = task['batch'], task['channels'], task['height'], task['width']
    op = task['op']

    def normal(*shape):
        return torch.randn(*shape, generator=generator)

    x = normal(batch, channels, height, width)
    if op in ('conv2d', 'conv2d-weight', 'conv2d-input'):
        filters = task['filters']
        weight = normal(filters, channels, 3, 3)
        dy = normal(batch, filters, height - 2, width - 2)
        bodies = {
            'conv2d': lambda: F.conv2d(x, weight),
            'conv2d-weight': lambda: torch.nn.grad.conv2d_weight(x, weight.shape, dy),
            'conv2d-input': lambda: torch.nn.grad.conv2d_input(x.shape, weight, dy),
        }
        body = bodies[op]
    elif op == 'max-pool':
        x.requires_grad_(True)
        dy = normal(batch, channels, height // 2, width // 2)

        def body():
            return torch.autograd.grad(F.max_pool2d(x, 2), x, dy)
    elif op == 'batch-norm':
        x.requires_grad_(True)
        dy = normal(batch, channels, height, width)
        scale = (normal(channels) + 1).requires_grad_(True)
        offset = normal(channels).requires_grad_(True)

        def body():
            y = F.batch_norm(x, None, None, scale, offset, training=True, eps=1e-3)
            return torch.autograd.grad(y, (x, scale, offset), dy)
    else:
        raise ValueError(f'unknown conv-kernel op {op}')
    with torch.no_grad() if op.startswith('conv2d') else torch.enable_grad():
        return timed(body, warmup, repeats), {}


def main():
    config = json.load(sys.stdin)
    torch.set_num_threads(config.get('threads', 2))
    kinds = {'lsce': lsce, 'ece': ece, 'temperature': temperature, 'calibrator': calibrator, 'mlp': mlp, 'cnn': cnn,
             'resnet': resnet,
             'conv-kernel': conv_kernel,
             'focal': lambda task, warmup, repeats: loss_task(task, focal_loss, False, warmup, repeats),
             'binary-focal': lambda task, warmup, repeats: loss_task(task, sigmoid_focal_loss, True, warmup, repeats),
             'confidence-penalty': lambda task, warmup, repeats: loss_task(task, confidence_penalty, False, warmup,
                                                                           repeats)}
    results = {}
    for task in config['tasks']:
        measurement, details = kinds[task['kind']](task, config['warmup'], config['repeats'])
        results[task['id']] = {'measurement': measurement, 'details': details}
        print(f"torch peer: {task['id']} {measurement['medianMs']:.1f} ms", file=sys.stderr, flush=True)
    json.dump({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()

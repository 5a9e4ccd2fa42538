#!/usr/bin/python3
"""Reference fixtures for @softlabels/distillation.

Regenerate (PyTorch 1.13, NumPy, SciPy from Debian's python3-torch / python3-sklearn):

    /usr/bin/python3 tooling/reference/distillation.py

Writes, atomically, into packages/distillation/src/__fixtures__/:
- distillation-loss.json   loss values and autograd gradients w.r.t. the student logits (float64 PyTorch on
                           float32-representable inputs), >= 100 cases: T in {1, 2, 4, 16}, alpha in {0, 0.5, 1},
                           both forms, both temperature conventions, all reductions, plus edge cases.
- teacher-smoothness.json  gamma = E[sum_k (1 - y_k) p_k(T)] * K / (K - 1), float64 PyTorch.
- logit-mutual-information.json  the estimator of Mueller et al. (2019, App. A.2) computed by an independent
                           float64 NumPy/SciPy implementation (matrix form, scipy.special.logsumexp).
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from scipy.special import logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'distillation', 'src', '__fixtures__')
rng = np.random.default_rng(20190602)


def f32(array):
    """Float32-representable values as float64 (what the float32 backends see exactly)."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def write(name, payload):
    path = os.path.join(OUT, name)
    tmp = path + '.tmp'
    with open(tmp, 'w') as handle:
        json.dump(payload, handle, separators=(',', ':'))
        handle.write('\n')
    os.replace(tmp, path)
    print(f'wrote {path} ({os.path.getsize(path)} bytes)')


def reference_loss(student, teacher, labels, temperature, student_temperature, alpha, form, scale, reduction,
                   smoothing):
    """The documented loss, written directly with torch.nn.functional (float64)."""
    s = torch.tensor(student, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(teacher, dtype=torch.float64)
    classes = s.shape[-1]
    s2 = s.reshape(-1, classes)
    t2 = t.reshape(-1, classes)
    y = torch.tensor(labels, dtype=torch.int64).reshape(-1)
    log_p_student = F.log_softmax(s2 / student_temperature, dim=-1)
    log_p_teacher = F.log_softmax(t2 / temperature, dim=-1)
    if form == 'kl':
        # F.kl_div(input=log q, target=log p, log_target=True) = sum p (log p - log q), xlogy semantics.
        soft_rows = F.kl_div(log_p_student, log_p_teacher, reduction='none', log_target=True).sum(-1)
    else:
        soft_rows = -(log_p_teacher.exp() * log_p_student).sum(-1)
    factor = student_temperature ** 2 if scale else 1.0
    hard_rows = F.cross_entropy(s2, y, reduction='none', label_smoothing=smoothing)
    rows = alpha * hard_rows + (1 - alpha) * factor * soft_rows
    upstream = None
    if reduction == 'mean':
        loss = rows.mean()
        objective = loss
    elif reduction == 'sum':
        loss = rows.sum()
        objective = loss
    else:
        loss = rows.reshape(s.shape[:-1])
        upstream = f32(rng.uniform(-1, 2, size=tuple(s.shape[:-1])))
        objective = (loss * torch.tensor(upstream)).sum()
    objective.backward()
    value = loss.item() if loss.dim() == 0 else loss.detach().numpy().tolist()
    return value, s.grad.numpy().tolist(), None if upstream is None else upstream.tolist()


def loss_case(name, student, teacher, labels, temperature, student_temperature, alpha, form, scale=True,
              reduction='mean', smoothing=0.0):
    value, grad, upstream = reference_loss(student, teacher, labels, temperature, student_temperature, alpha, form,
                                           scale, reduction, smoothing)
    case = {
        'name': name,
        'studentLogits': student.tolist(),
        'teacherLogits': teacher.tolist(),
        'labels': np.asarray(labels).tolist(),
        'temperature': temperature,
        'studentTemperature': student_temperature,
        'hardLabelWeight': alpha,
        'form': form,
        'scaleByTemperatureSquared': scale,
        'reduction': reduction,
        'hardLabelSmoothing': smoothing,
        'loss': value,
        'gradient': grad,
    }
    if upstream is not None:
        case['upstream'] = upstream
    return case


def random_logits(shape, spread):
    return f32(rng.normal(size=shape) * spread)


def loss_cases():
    cases = []
    reductions = ['mean', 'sum', 'none']
    index = 0
    for temperature in [1, 2, 4, 16]:
        for alpha in [0, 0.5, 1]:
            for form in ['kl', 'cross-entropy']:
                for convention in ['hinton', 'paper']:
                    student_temperature = temperature if convention == 'hinton' else 1
                    for draw in range(2):
                        rows = int(rng.integers(1, 7))
                        classes = int(rng.integers(2, 11))
                        spread = [1.0, 4.0][draw]
                        student = random_logits((rows, classes), spread)
                        teacher = random_logits((rows, classes), spread * 1.5)
                        labels = rng.integers(0, classes, size=rows)
                        reduction = reductions[index % 3]
                        scale = index % 7 != 3
                        index += 1
                        cases.append(loss_case(
                            f'T={temperature} alpha={alpha} {form} {convention} {reduction} draw {draw}',
                            student, teacher, labels, temperature, student_temperature, alpha, form, scale,
                            reduction))
    # Edge cases.
    student = random_logits((4, 5), 2.0)
    cases.append(loss_case('identical student and teacher: KL is 0', student, student.copy(), [0, 1, 2, 3], 2, 2,
                           0, 'kl'))
    teacher = f32(np.where(np.eye(5)[[0, 1, 2, 3]] > 0, 150.0, -150.0))
    for form in ['kl', 'cross-entropy']:
        for temperature in [1, 16]:
            cases.append(loss_case(f'one-hot-like teacher (probabilities underflow to 0) {form} T={temperature}',
                                   student, teacher, [0, 1, 2, 3], temperature, 1, 0.5, form))
    big = random_logits((3, 6), 60.0)
    cases.append(loss_case('large student logits (stable log-softmax)', big, random_logits((3, 6), 60.0),
                           [5, 0, 2], 1, 1, 0.5, 'kl'))
    cases.append(loss_case('large logits, T=16', big, random_logits((3, 6), 60.0), [1, 1, 4], 16, 16, 0,
                           'cross-entropy', reduction='sum'))
    cases.append(loss_case('binary classes', random_logits((6, 2), 3.0), random_logits((6, 2), 3.0),
                           [0, 1, 1, 0, 1, 0], 4, 4, 0.5, 'kl'))
    cases.append(loss_case('single row', random_logits((1, 7), 2.0), random_logits((1, 7), 2.0), [3], 2, 1, 0,
                           'kl', reduction='none'))
    cases.append(loss_case('rank-3 logits [2, 3, 4], reduction none', random_logits((2, 3, 4), 2.0),
                           random_logits((2, 3, 4), 2.0), [[0, 1, 2], [3, 0, 1]], 2, 2, 0.5, 'kl',
                           reduction='none'))
    cases.append(loss_case('rank-3 logits [2, 3, 4], mean over rows', random_logits((2, 3, 4), 2.0),
                           random_logits((2, 3, 4), 2.0), [[3, 2, 1], [0, 0, 1]], 4, 1, 0.5, 'cross-entropy'))
    cases.append(loss_case('fractional temperatures', random_logits((5, 4), 2.0), random_logits((5, 4), 2.0),
                           [0, 1, 2, 3, 0], 0.5, 3, 0.25, 'kl'))
    for alpha in [0.5, 1]:
        cases.append(loss_case(f'label-smoothed hard term (epsilon 0.1) alpha={alpha}', random_logits((5, 6), 2.0),
                               random_logits((5, 6), 2.0), [0, 5, 2, 3, 1], 2, 2, alpha, 'kl', smoothing=0.1))
    return cases


def smoothness_cases():
    cases = []
    for temperature in [1, 2, 4, 16, 0.5]:
        rows, classes = int(rng.integers(2, 9)), int(rng.integers(2, 11))
        logits = random_logits((rows, classes), 3.0)
        labels = rng.integers(0, classes, size=rows)
        p = F.softmax(torch.tensor(logits) / temperature, dim=-1)
        y = F.one_hot(torch.tensor(labels), classes).double()
        gamma = ((1 - y) * p).sum(-1).mean().item() * classes / (classes - 1)
        cases.append({'name': f'random T={temperature}', 'teacherLogits': logits.tolist(),
                      'labels': labels.tolist(), 'temperature': temperature, 'gamma': gamma})
    return cases


def mutual_information(mean_draws, eval_draws):
    """Independent float64 implementation: matrix of scaled squared distances, scipy logsumexp over x'."""
    n = mean_draws.shape[0]
    mu = mean_draws.mean(axis=1)
    variance = np.mean((mean_draws - mu[:, None]) ** 2)
    scores = -np.subtract.outer(eval_draws, mu) ** 2 / (2 * variance)  # scores[x, x'] uses y_x and mu_x'
    return float(np.mean(np.diag(scores) - (logsumexp(scores, axis=1) - math.log(n)))), float(variance)


def mi_case(name, mean_draws, eval_draws):
    mean_draws = f32(mean_draws)
    eval_draws = f32(eval_draws)
    estimate, variance = mutual_information(mean_draws, eval_draws)
    return {'name': name, 'meanDraws': mean_draws.tolist(), 'evalDraws': eval_draws.tolist(),
            'mutualInformation': estimate, 'variance': variance, 'logN': math.log(mean_draws.shape[0])}


def mi_cases():
    cases = []
    for n, draws in [(2, 2), (5, 3), (20, 5), (60, 5), (150, 4)]:
        mu = rng.normal(size=n) * 2
        noise = 0.5 + rng.uniform()
        cases.append(mi_case(f'random N={n} L={draws}', mu[:, None] + noise * rng.normal(size=(n, draws)),
                             mu + noise * rng.normal(size=n)))
    n, draws = 300, 5
    cases.append(mi_case('identical mu (no information)', rng.normal(size=(n, draws)), rng.normal(size=n)))
    mu = np.arange(n) * 10.0
    cases.append(mi_case('widely separated mu, tiny noise', mu[:, None] + 0.01 * rng.normal(size=(n, draws)),
                         mu + 0.01 * rng.normal(size=n)))
    mu = np.where(np.arange(n) % 2 == 0, -50.0, 50.0)
    cases.append(mi_case('two tight clusters', mu[:, None] + rng.normal(size=(n, draws)), mu + rng.normal(size=n)))
    return cases


if __name__ == '__main__':
    torch.manual_seed(0)
    losses = loss_cases()
    assert len(losses) >= 100, len(losses)
    write('distillation-loss.json', losses)
    write('teacher-smoothness.json', smoothness_cases())
    write('logit-mutual-information.json', mi_cases())

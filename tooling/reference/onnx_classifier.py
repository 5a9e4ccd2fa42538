#!/usr/bin/python3
"""A tiny ONNX classifier and a held-out set for it, for the onnxruntime examples of @softlabels/calibration.

Regenerate (from the repository root, with the Debian interpreter that has PyTorch 1.13):

    /usr/bin/python3 tooling/reference/onnx_classifier.py

Writes, atomically (temporary name in the same folder, then rename):
  packages/calibration/src/__fixtures__/classifier.onnx   a linear 4-feature, 3-class classifier exported by
                                                          torch.onnx (input `x` [n, 4], output `logits` [n, 3])
  packages/calibration/src/__fixtures__/held-out.json     1000 held-out rows: `features` (row-major, 4 per row),
                                                          the classifier's `logits` (3 per row, rounded to 5
                                                          decimals: a model's saved predictions), `labels`, and the
                                                          `temperature` the classifier is off by

The labels are drawn from softmax(W x + b) while the exported classifier computes 3 · (W x + b): an over-confident
model whose calibrating temperature is 3, as a network trained to zero training loss tends to be. Deterministic:
every draw comes from a numpy Generator with a fixed seed.
"""
import os

import numpy as np
import torch

from fixture_io import fixture_path, write_json

ROWS = 1000
OVERCONFIDENCE = 3.0


def main():
    generator = np.random.default_rng(20261202)
    weights = generator.normal(0, 1, (3, 4))
    bias = generator.normal(0, 0.5, 3)
    features = generator.normal(0, 1, (ROWS, 4)).round(4)
    scores = features @ weights.T + bias
    true = np.exp(scores - scores.max(axis=1, keepdims=True))
    true /= true.sum(axis=1, keepdims=True)
    labels = np.array([generator.choice(3, p=row) for row in true])

    model = torch.nn.Linear(4, 3)
    with torch.no_grad():
        model.weight.copy_(torch.tensor(OVERCONFIDENCE * weights, dtype=torch.float32))
        model.bias.copy_(torch.tensor(OVERCONFIDENCE * bias, dtype=torch.float32))
    temporary = fixture_path('calibration', 'classifier.onnx.tmp')
    torch.onnx.export(
        model,
        torch.zeros(1, 4),
        temporary,
        input_names=['x'],
        output_names=['logits'],
        dynamic_axes={'x': {0: 'n'}, 'logits': {0: 'n'}},
        opset_version=13,
    )
    os.replace(temporary, fixture_path('calibration', 'classifier.onnx'))
    with torch.no_grad():
        logits = model(torch.tensor(features, dtype=torch.float32)).double().numpy().round(5)
    held_out = {
        'features': [float(value) for value in features.ravel()],
        'logits': [[float(value) for value in row] for row in logits],
        'labels': [int(label) for label in labels],
        'temperature': OVERCONFIDENCE,
    }
    write_json('calibration', 'held-out.json', held_out)


if __name__ == '__main__':
    main()

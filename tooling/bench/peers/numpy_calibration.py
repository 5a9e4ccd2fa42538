"""The NumPy peer of the CLI streaming scenario: loads a .npy score matrix and its labels whole, then computes the
accumulator's state (15 equal-width top-label bins, per-class bins, Brier and NLL sums) in float64 row blocks.
Prints one JSON line: ms (load + compute), count, ece, maxRssBytes."""
import json
import resource
import sys
import time

import numpy as np

BINS = 15
BLOCK = 65536


def main(scores_path, labels_path):
    start = time.perf_counter()
    scores = np.load(scores_path)
    labels = np.load(labels_path).astype(np.int64)
    rows, classes = scores.shape
    top = np.zeros((3, BINS))  # count, correct, confidence sum
    per_class = np.zeros((3, classes * BINS))  # count, positives, probability sum
    nll = 0.0
    brier = 0.0
    for first in range(0, rows, BLOCK):
        z = scores[first:first + BLOCK].astype(np.float64)
        y = labels[first:first + BLOCK]
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        total = z.sum(axis=1, keepdims=True)
        z /= total
        confidence = z.max(axis=1)
        hit = (z.argmax(axis=1) == y).astype(np.float64)
        index = np.arange(len(y))
        nll += float(-np.log(z[index, y]).sum())
        bins = np.clip(np.ceil(confidence * BINS).astype(np.int64) - 1, 0, BINS - 1)
        top[0] += np.bincount(bins, minlength=BINS)
        top[1] += np.bincount(bins, weights=hit, minlength=BINS)
        top[2] += np.bincount(bins, weights=confidence, minlength=BINS)
        cells = np.clip(np.ceil(z * BINS).astype(np.int64) - 1, 0, BINS - 1) + np.arange(classes) * BINS
        positive = np.zeros_like(z)
        positive[index, y] = 1.0
        per_class[0] += np.bincount(cells.ravel(), minlength=classes * BINS)
        per_class[1] += np.bincount(cells.ravel(), weights=positive.ravel(), minlength=classes * BINS)
        per_class[2] += np.bincount(cells.ravel(), weights=z.ravel(), minlength=classes * BINS)
        z -= positive
        brier += float((z * z).sum())
    ms = (time.perf_counter() - start) * 1000
    ece = float(np.abs(top[2] - top[1]).sum() / rows)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"ms": ms, "count": int(rows), "ece": ece, "nll": nll / rows, "brier": brier / rows,
                      "maxRssBytes": rss}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

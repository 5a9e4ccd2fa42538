#!/usr/bin/python3
"""Fits the polynomial of the fused kernels' float32 exp (packages/core/src/kernels/assembly/softlabels.ts).

exp(r) is approximated on |r| <= ln(2)/2 as 1 + r + r^2 * q(r) with q of degree 4 (degree 6 in all). The
coefficients of q come from weighted least squares on Chebyshev nodes, the weights iterated towards minimax relative
error of exp (Lawson's algorithm). The script prints the coefficients as float32 and the maximum relative error of
the whole evaluation emulated in float32 (the kernel's order of operations) over [-87.3, 0].

Run: /usr/bin/python3 tooling/reference/fit_exp_polynomial.py (needs numpy only).
"""

import numpy as np


def fit(degree: int = 4, iterations: int = 200) -> np.ndarray:
    half = np.log(2.0) / 2.0
    r = np.cos(np.linspace(0.0, np.pi, 4001)) * half
    r = r[np.abs(r) > 1e-6]
    q = (np.expm1(r) - r) / r**2
    # The error of q counts in exp(r) as r^2 * (poly - q) / exp(r).
    scale = r**2 / np.exp(r)
    vander = np.vander(r, degree + 1, increasing=True)
    weights = np.ones_like(r)
    for _ in range(iterations):
        root = np.sqrt(weights) * scale
        coefficients, *_ = np.linalg.lstsq(vander * root[:, None], q * root, rcond=None)
        error = np.abs((vander @ coefficients - q) * scale)
        weights = weights * (error / error.max() + 1e-3)
        weights /= weights.sum()
    return coefficients


def emulate(coefficients: np.ndarray, x: np.ndarray) -> np.ndarray:
    f32 = np.float32
    c = [f32(value) for value in coefficients]
    t = (x * f32(1.442695) + f32(12582912.0)).astype(f32)
    n = (t - f32(12582912.0)).astype(f32)
    r = (x - n * f32(0.693359375)).astype(f32)
    r = (r - n * f32(-2.12194440e-4)).astype(f32)
    p = c[-1]
    for value in reversed(c[:-1]):
        p = (p * r + value).astype(f32)
    p = (((p * r) * r).astype(f32) + r).astype(f32) + f32(1.0)
    return p.astype(np.float64) * np.exp2(n.astype(np.float64))


if __name__ == '__main__':
    coefficients = fit()
    for index, value in enumerate(coefficients):
        print(f'C{index} = {float(np.float32(value))!r}')
    x = np.linspace(-87.3, 0.0, 2_000_001).astype(np.float32)
    error = np.abs(emulate(coefficients, x) / np.exp(x.astype(np.float64)) - 1.0)
    print(f'max relative error in float32 over [-87.3, 0]: {error.max():.3e}')

#!/usr/bin/env python3
"""Reproduces the coefficients of ErfApproximation and ExpApproximation (needs numpy; Debian: python3-numpy).

erf:  erf(x) ~ x P(x^2) / Q(x^2), P of degree 5 and Q of degree 5 with Q(0) = 1, on [0, S] where S = 3.9192059 is the
      first float32 whose float32 erf is 1. Fitted for minimax relative error of erf(x)/x (so erf's relative error near
      0 is as small as near S) by linearized least squares with Lawson reweighting, then each float32 coefficient moved
      by up to 4 ulp, greedily, to minimize the relative error of the float32 evaluation the kernels do (Horner with
      fused multiply-adds, one division, result capped at 1).
exp:  e^r ~ 1 + r h(r), h of degree 5, on [-ln2/2, ln2/2], minimax relative error, same method.

Prints the coefficients as C# float literals and the float32 evaluation's worst errors on dense grids."""
import math

import numpy as np

SATURATES_FROM = np.float32(3.919205904006958)  # 0x407AD445


def fma32(a, b, c):
    """float32 fused multiply-add: the float64 product of two float32 is exact, one rounding to float32."""
    return (np.asarray(a, np.float64) * np.float64(b) + np.float64(c)).astype(np.float32)


def lawson_least_squares(basis, target, weight_of_error, iterations=400):
    """Coefficients c minimizing max |basis @ c - target| * weight_of_error (approximately), by Lawson's iteration."""
    w = np.ones(len(target))
    for _ in range(iterations):
        c, *_ = np.linalg.lstsq(basis * (w * weight_of_error)[:, None], target * w * weight_of_error, rcond=None)
        error = np.abs(basis @ c - target) * weight_of_error
        w = w * np.sqrt(error) + 1e-30
        w /= w.max()
    return c


def fit_erf(p_degree=5, q_degree=5, points=4000):
    x = float(SATURATES_FROM) * (1 - np.cos(np.linspace(0, np.pi, points))) / 2
    x[0] = 1e-6
    t, f = x * x, np.array([math.erf(v) for v in x]) / x
    q_previous = np.ones(points)
    for _ in range(8):  # linearize P - f Q = 0 around the previous Q (Loeb), relative error of f
        basis = np.hstack([np.vstack([t ** k for k in range(p_degree + 1)]).T,
                           -np.vstack([f * t ** k for k in range(1, q_degree + 1)]).T])
        c = lawson_least_squares(basis, f, 1 / (f * q_previous), iterations=50)
        p, q = c[:p_degree + 1], np.concatenate([[1.0], c[p_degree + 1:]])
        q_previous = np.polyval(q[::-1], t)
    return [np.float32(v) for v in p], [np.float32(v) for v in q]


def erf32(p, q, x):
    x2 = (x * x).astype(np.float32)
    num = fma32(x2, p[-1], p[-2])
    for c in reversed(p[:-2]):
        num = fma32(num, x2, c)
    den = fma32(x2, q[-1], q[-2])
    for c in reversed(q[:-2]):
        den = fma32(den, x2, c)
    return np.minimum(((x * num).astype(np.float32) / den).astype(np.float32), np.float32(1))


def tune(p, q, x, exact):
    """Moves each coefficient (not Q(0)) by up to 4 ulp while the worst relative float32 error falls."""
    def worst():
        return (np.abs(erf32(p, q, x) - exact) / exact).max()
    best = worst()
    improved = True
    while improved:
        improved = False
        for coefficients, first in ((p, 0), (q, 1)):
            for i in range(first, len(coefficients)):
                for steps in (-4, -3, -2, -1, 1, 2, 3, 4):
                    old = coefficients[i]
                    new = old
                    for _ in range(abs(steps)):
                        new = np.nextafter(new, np.float32(np.inf if steps > 0 else -np.inf))
                    coefficients[i] = np.float32(new)
                    error = worst()
                    if error < best:
                        best, improved = error, True
                    else:
                        coefficients[i] = old
    return best


def fit_exp(degree=6, points=4000):
    r = math.log(2) / 2 * np.cos(np.linspace(0, np.pi, points))
    f = np.exp(r)
    basis = np.vstack([r ** k for k in range(1, degree + 1)]).T
    return [np.float32(v) for v in lawson_least_squares(basis, f - 1, 1 / f)]


def literals(values):
    return ", ".join("%.9gf" % v for v in values)


if __name__ == "__main__":
    p, q = fit_erf()
    x = (np.arange(1, 160000) * (float(SATURATES_FROM) / 160000)).astype(np.float32)
    exact = np.array([math.erf(float(v)) for v in x])
    print("erf P:", literals(p))
    print("erf Q:", literals(q))
    print("erf worst relative error after tuning: %.3g" % tune(p, q, x, exact))
    print("erf P (tuned):", literals(p))
    print("erf Q (tuned):", literals(q))
    c = fit_exp()
    print("exp C1..C6:", literals(c))

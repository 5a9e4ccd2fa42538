import { InvalidArgumentError, RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type LbfgsLineObjective, type LbfgsObjective } from './lbfgs';

/** The extended Rosenbrock function Σ 100 (x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)², minimum 0 at (1, …, 1). */
const rosenbrock: LbfgsObjective = (x, gradient) => {
  let value = 0;
  gradient.fill(0);
  for (let index = 0; index + 1 < x.length; index += 2) {
    const a = x[index] as number;
    const b = x[index + 1] as number;
    const t = b - a * a;
    value += 100 * t * t + (1 - a) * (1 - a);
    gradient[index] = -400 * a * t - 2 * (1 - a);
    gradient[index + 1] = 200 * t;
  }
  return value;
};

/** Solves the dense system A·v = r (Gaussian elimination with partial pivoting), for the Newton reference. */
function solve(matrix: number[][], right: number[]): number[] {
  const n = right.length;
  const a = matrix.map((row, index) => [...row, right[index] as number]);
  for (let column = 0; column < n; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < n; row += 1) {
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    }
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < n; row += 1) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= n; k += 1) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const v = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k += 1) sum -= a[row]![k]! * v[k]!;
    v[row] = sum / a[row]![row]!;
  }
  return v;
}

/** `objective` followed along lines by hand, counting the calls the minimiser makes. */
function alongLines(objective: LbfgsObjective, n: number) {
  const x = new Float64Array(n);
  const direction = new Float64Array(n);
  const calls = { start: 0, setDirection: 0, probe: 0, advance: 0 };
  const at = (step: number, gradient: Float64Array): number =>
    objective(
      x.map((entry, index) => entry + step * (direction[index] as number)),
      gradient,
    );
  const line: LbfgsLineObjective = {
    start(point, gradient) {
      calls.start += 1;
      x.set(point);
      return objective(x, gradient);
    },
    setDirection(values) {
      calls.setDirection += 1;
      direction.set(values);
    },
    probe(step) {
      calls.probe += 1;
      const gradient = new Float64Array(n);
      const value = at(step, gradient);
      return { value, slope: gradient.reduce((sum, entry, index) => sum + entry * (direction[index] as number), 0) };
    },
    advance(step, gradient) {
      calls.advance += 1;
      const value = at(step, gradient);
      x.set(x.map((entry, index) => entry + step * (direction[index] as number)));
      return value;
    },
  };
  return { line, calls };
}

describe('minimizeLbfgs', () => {
  it('takes the same path with an objective followed along lines: one probe per trial, one advance per step', () => {
    const start = Float64Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? -1.2 : 1));
    const plain = minimizeLbfgs(rosenbrock, start, { maxIterations: 500, tolerance: 1e-10 });
    const { line, calls } = alongLines(rosenbrock, 10);
    const lines = minimizeLbfgs(line, start, { maxIterations: 500, tolerance: 1e-10 });
    expect(Array.from(lines.x)).toEqual(Array.from(plain.x));
    expect(lines.iterations).toBe(plain.iterations);
    expect(lines.evaluations).toBe(plain.evaluations);
    expect(calls.start).toBe(1);
    expect(calls.advance).toBe(lines.iterations);
    expect(calls.setDirection).toBeGreaterThanOrEqual(lines.iterations);
    expect(calls.probe + calls.start).toBe(lines.evaluations);
  });

  it.each([2, 10])('reaches the minimum of the %s-dimensional Rosenbrock function from (−1.2, 1, …)', (n) => {
    const start = Float64Array.from({ length: n }, (_, index) => (index % 2 === 0 ? -1.2 : 1));
    const result = minimizeLbfgs(rosenbrock, start, { maxIterations: 500, tolerance: 1e-10 });
    expect(result.stop).toBe('gradient');
    expect(result.converged).toBe(true);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-10);
    for (const value of result.x) expectClose(value, 1, { relative: 0, absolute: 1e-9 });
    expect(result.value).toBeLessThan(1e-20);
    expect(Array.from(start)).toEqual(Array.from({ length: n }, (_, index) => (index % 2 === 0 ? -1.2 : 1)));
  });

  it('reaches the minimum of a rotated quadratic with condition number 1e6', () => {
    const n = 10;
    const random = new RandomSource(11);
    // A = Qᵀ D Q with Q a product of random Givens rotations and D from 1 to 1e6; minimum at c.
    const diagonal = Array.from({ length: n }, (_, index) => 10 ** ((6 * index) / (n - 1)));
    const q = Array.from({ length: n }, (_, row) =>
      Array.from({ length: n }, (_, column): number => (row === column ? 1 : 0)),
    );
    for (let rotation = 0; rotation < 200; rotation += 1) {
      const i = random.int(n);
      const j = (i + 1 + random.int(n - 1)) % n;
      const angle = random.uniform() * 2 * Math.PI;
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      for (let column = 0; column < n; column += 1) {
        const [u, v] = [q[i]![column]!, q[j]![column]!];
        q[i]![column] = c * u - s * v;
        q[j]![column] = s * u + c * v;
      }
    }
    const a = Array.from({ length: n }, (_, row) =>
      Array.from({ length: n }, (_, column) =>
        diagonal.reduce((sum, d, k) => sum + q[k]![row]! * d * q[k]![column]!, 0),
      ),
    );
    const centre = Array.from({ length: n }, () => random.normal());
    const objective: LbfgsObjective = (x, gradient) => {
      let value = 0;
      for (let row = 0; row < n; row += 1) {
        let sum = 0;
        for (let column = 0; column < n; column += 1) sum += a[row]![column]! * (x[column]! - centre[column]!);
        gradient[row] = sum;
        value += 0.5 * (x[row]! - centre[row]!) * sum;
      }
      return value;
    };
    const result = minimizeLbfgs(objective, new Float64Array(n), { maxIterations: 1000, tolerance: 1e-7 });
    expect(result.stop).toBe('gradient');
    // ‖x − c‖ ≤ ‖∇f‖ / λ_min = 1e-7 · √n at most.
    for (let index = 0; index < n; index += 1) {
      expectClose(result.x[index]!, centre[index]!, { relative: 0, absolute: 4e-7 });
    }
  });

  it('reaches the logistic-regression optimum that Newton’s method finds', () => {
    const random = new RandomSource(5);
    const rows = 300;
    const features = 4;
    const truth = [0.5, -1.5, 2, 0.25, -0.7];
    const xs = Array.from({ length: rows }, () => [1, ...Array.from({ length: features }, () => random.normal())]);
    const ys = xs.map((x) => {
      const margin = x.reduce((sum, value, k) => sum + value * truth[k]!, 0);
      return random.uniform() < 1 / (1 + Math.exp(-margin)) ? 1 : 0;
    });
    const d = features + 1;
    const objective: LbfgsObjective = (w, gradient) => {
      gradient.fill(0);
      let value = 0;
      for (let row = 0; row < rows; row += 1) {
        const x = xs[row]!;
        let margin = 0;
        for (let k = 0; k < d; k += 1) margin += x[k]! * w[k]!;
        // log(1 + e^m) − y·m and its derivative σ(m) − y, stably.
        value += Math.max(margin, 0) + Math.log1p(Math.exp(-Math.abs(margin))) - ys[row]! * margin;
        const p = 1 / (1 + Math.exp(-margin));
        for (let k = 0; k < d; k += 1) gradient[k] = gradient[k]! + ((p - ys[row]!) * x[k]!) / rows;
      }
      return value / rows;
    };
    const result = minimizeLbfgs(objective, new Float64Array(d), { maxIterations: 200, tolerance: 1e-12 });
    expect(result.stop).toBe('gradient');

    let w = new Array<number>(d).fill(0);
    for (let step = 0; step < 30; step += 1) {
      const gradient = new Array<number>(d).fill(0);
      const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
      for (let row = 0; row < rows; row += 1) {
        const x = xs[row]!;
        const p = 1 / (1 + Math.exp(-x.reduce((sum, value, k) => sum + value * w[k]!, 0)));
        for (let i = 0; i < d; i += 1) {
          gradient[i]! += ((p - ys[row]!) * x[i]!) / rows;
          for (let j = 0; j < d; j += 1) hessian[i]![j]! += (p * (1 - p) * x[i]! * x[j]!) / rows;
        }
      }
      const update = solve(hessian, gradient);
      w = w.map((value, k) => value - update[k]!);
    }
    for (let k = 0; k < d; k += 1) expectClose(result.x[k]!, w[k]!, { relative: 0, absolute: 1e-10 });
  });

  it('shortens steps into a region where the objective is infinite', () => {
    // −log(1 − x²) + x: minimum at 1 − √2; the first step from 0 lands on x = −1, where f = +∞.
    const objective: LbfgsObjective = (x, gradient) => {
      const v = x[0]!;
      gradient[0] = (2 * v) / (1 - v * v) + 1;
      return -Math.log(1 - v * v) + v;
    };
    const result = minimizeLbfgs(objective, new Float64Array(1), { maxIterations: 100, tolerance: 1e-12 });
    expect(result.stop).toBe('gradient');
    expectClose(result.x[0]!, 1 - Math.SQRT2, { relative: 0, absolute: 1e-12 });
  });

  it('reports running out of iterations', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 3, tolerance: 1e-10 });
    expect(result).toMatchObject({ stop: 'iterations', converged: false, iterations: 3 });
    expect(result.value).toBeLessThan(rosenbrock(Float64Array.from([-1.2, 1]), new Float64Array(2)));
  });

  it('reports a line search that cannot make progress (a gradient that disagrees with the values)', () => {
    // f = x², but the gradient claims −2x: every step downhill by the gradient raises f.
    const objective: LbfgsObjective = (x, gradient) => {
      gradient[0] = -2 * x[0]!;
      return x[0]! * x[0]!;
    };
    const result = minimizeLbfgs(objective, Float64Array.from([3]), { maxIterations: 100, tolerance: 1e-8 });
    expect(result).toMatchObject({ stop: 'line-search', converged: false, iterations: 0, value: 9 });
  });

  it('stops at once when the start meets the tolerance', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([1, 1]), { maxIterations: 10, tolerance: 0 });
    expect(result).toMatchObject({ stop: 'gradient', converged: true, iterations: 0, evaluations: 1, value: 0 });
  });

  it('refuses a start where the objective is not finite', () => {
    const objective: LbfgsObjective = (x, gradient) => {
      gradient[0] = 1;
      return Math.log(x[0]!);
    };
    expect(() => minimizeLbfgs(objective, Float64Array.from([-1]), { maxIterations: 10, tolerance: 1e-8 })).toThrow(
      InvalidArgumentError,
    );
  });
});

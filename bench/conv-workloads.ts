/**
 * The workloads of `npm run bench:conv` (issue 11), written once: the orchestrator writes their
 * inputs to disk and both workers (ConvLab in Node, PyTorch in Python) read this description.
 */

/** One timed operation; files hold raw little-endian float32. */
export interface Workload {
  readonly id: "A1" | "A2" | "A3" | "B" | "C" | "D" | "E2E";
  readonly title: string;
  readonly op: "conv" | "maxpool" | "e2e";
  readonly input?: string;
  readonly inputShape: readonly number[];
  readonly weight?: string;
  readonly weightShape?: readonly number[];
  readonly bias?: string;
  readonly padding: number;
  readonly stride: number;
  /** Pooling window (op "maxpool" and the pool of "e2e"). */
  readonly kernel?: number;
  readonly outputShape: readonly number[];
  /** Floating-point operations of one run (2 per multiply-add; comparisons for pooling). */
  readonly flops: number;
}

const convFlops = (n: number, cin: number, cout: number, oh: number, k: number) =>
  2 * n * cout * oh * oh * cin * k * k;

/** The workloads with their shapes. */
export function workloads(): Workload[] {
  const conv = (
    id: Workload["id"],
    title: string,
    n: number,
    cin: number,
    cout: number,
    size: number,
    k: number,
    padding: number,
    stride: number,
    input: string,
  ): Workload => {
    const out = Math.floor((size + 2 * padding - k) / stride) + 1;
    return {
      id,
      title,
      op: "conv",
      input,
      inputShape: [n, cin, size, size],
      weight: `w-${id}.f32`,
      weightShape: [cout, cin, k, k],
      bias: `b-${id}.f32`,
      padding,
      stride,
      outputShape: [n, cout, out, out],
      flops: convFlops(n, cin, cout, out, k),
    };
  };
  return [
    conv("A1", "1000 Fashion-MNIST, 1→8, 28x28, 3x3, pad 1", 1000, 1, 8, 28, 3, 1, 1, "x-fashion1000.f32"),
    conv("A2", "A1 with stride 2", 1000, 1, 8, 28, 3, 1, 2, "x-fashion1000.f32"),
    conv("A3", "A1 with 5x5, pad 2", 1000, 1, 8, 28, 5, 2, 1, "x-fashion1000.f32"),
    conv("B", "256, 6→16, 14x14, 5x5, no padding", 256, 6, 16, 14, 5, 0, 1, "x-B.f32"),
    conv("C", "64, 32→64, 28x28, 3x3, pad 1", 64, 32, 64, 28, 3, 1, 1, "x-C.f32"),
    {
      id: "D",
      title: "max-pool 2x2/2, 1000x8x28x28",
      op: "maxpool",
      input: "x-D.f32",
      inputShape: [1000, 8, 28, 28],
      padding: 0,
      stride: 2,
      kernel: 2,
      outputShape: [1000, 8, 14, 14],
      flops: 1000 * 8 * 14 * 14 * 4,
    },
    {
      id: "E2E",
      title: "10,000 test images: load, 1→8 3x3 conv (pad 1), ReLU, max-pool 2x2",
      op: "e2e",
      inputShape: [10000, 1, 28, 28],
      weight: "w-A1.f32",
      weightShape: [8, 1, 3, 3],
      bias: "b-A1.f32",
      padding: 1,
      stride: 1,
      kernel: 2,
      outputShape: [10000, 8, 14, 14],
      flops: convFlops(10000, 1, 8, 28, 3),
    },
  ];
}

/**
 * How many timed runs after the warm-up: enough for a stable median, bounded by time (both
 * workers). The warm-up is at least `warmupCalls` calls and `warmupMs` ms: a short workload's
 * first calls run before either side's thread pool is up (ConvLab's helper thread starts in the
 * background; a 2 ms workload's first five calls ran on one thread).
 */
export const REPETITIONS = { min: 3, max: 15, budgetMs: 1500, warmupCalls: 5, warmupMs: 300 } as const;

/** The number of timed runs for a workload whose last warm-up call took `firstMs`. */
export function repetitions(firstMs: number): number {
  const { min, max, budgetMs } = REPETITIONS;
  return Math.max(min, Math.min(max, Math.ceil(budgetMs / Math.max(firstMs, 1))));
}

import type { Tensor } from "./tensor.js";

/** Above this many elements a tensor prints summarised with `...`, like PyTorch. */
const SUMMARY_THRESHOLD = 1000;
/** Elements kept at each end of a summarised dimension. */
const EDGE_ITEMS = 3;
const PREFIX = "tensor(";

/** PyTorch's default line width. */
const LINE_WIDTH = 80;

type Formatter = (value: number) => string;

const scientific = (v: number): string => v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");

/**
 * Picks PyTorch's number style for the shown values: integers as `19.`, otherwise four
 * decimals, switching both to scientific when values span more than 1000× or exceed 1e8
 * (and, for non-integers, when the smallest is below 1e-4).
 */
function chooseFormatter(values: readonly number[]): Formatter {
  const finite = values.filter(Number.isFinite);
  const special = (v: number): string | undefined =>
    Number.isNaN(v)
      ? "nan"
      : v === Number.POSITIVE_INFINITY
        ? "inf"
        : v === Number.NEGATIVE_INFINITY
          ? "-inf"
          : undefined;
  const abs = finite.map(Math.abs).filter((v) => v > 0);
  const maxAbs = abs.length ? Math.max(...abs) : 0;
  const minAbs = abs.length ? Math.min(...abs) : 0;
  const ratio = minAbs > 0 ? maxAbs / minAbs : 0;
  if (finite.every(Number.isInteger)) {
    if (ratio > 1000 || maxAbs > 1e8) return (v) => special(v) ?? scientific(v);
    return (v) => special(v) ?? `${Object.is(v, -0) ? "-0" : v.toFixed(0)}.`;
  }
  if (ratio > 1000 || maxAbs > 1e8 || (minAbs > 0 && minAbs < 1e-4))
    return (v) => special(v) ?? scientific(v);
  return (v) => special(v) ?? v.toFixed(4);
}

/** Indices shown along a dimension of `size` (with -1 standing for the `...` gap). */
function shownIndices(size: number, summarise: boolean): number[] {
  if (!summarise || size <= 2 * EDGE_ITEMS) return Array.from({ length: size }, (_, i) => i);
  return [
    ...Array.from({ length: EDGE_ITEMS }, (_, i) => i),
    -1,
    ...Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i),
  ];
}

/**
 * Formats a tensor the way PyTorch prints it.
 *
 * @example
 * ```ts
 * import { arange, formatTensor } from "convlab";
 * formatTensor(arange(4).reshape(2, 2)); // "tensor([[0., 1.],\n        [2., 3.]])"
 * ```
 */
export function formatTensor(t: Tensor): string {
  const suffix = t.dtype === "float64" ? ", dtype=torch.float64" : "";
  const summarise = t.numel > SUMMARY_THRESHOLD;
  const strides = t.strides;
  const ndim = t.shape.length;

  // Collect the values that will be shown, so the number style and width match PyTorch's.
  const shown: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === ndim) {
      shown.push(t.data[offset]!);
      return;
    }
    for (const i of shownIndices(t.shape[dim]!, summarise))
      if (i >= 0) collect(dim + 1, offset + i * strides[dim]!);
  };
  collect(0, 0);
  const format = chooseFormatter(shown);
  const width = Math.max(1, ...shown.map((v) => format(v).length));
  const cell = (v: number): string => format(v).padStart(width);

  if (ndim === 0) return `${PREFIX}${format(t.data[0]!)}${suffix})`;

  const render = (dim: number, offset: number): string => {
    const indices = shownIndices(t.shape[dim]!, summarise);
    if (dim === ndim - 1) {
      // Wrap long rows the way PyTorch does: as many elements per line as fit in 80 columns.
      const items = indices.map((i) => (i < 0 ? " ..." : cell(t.data[offset + i]!)));
      const indent = PREFIX.length + dim;
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
      const lines: string[] = [];
      for (let k = 0; k < items.length; k += perLine) lines.push(items.slice(k, k + perLine).join(", "));
      return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
    }
    const separator = `,${"\n".repeat(ndim - dim - 1)}${" ".repeat(PREFIX.length + dim + 1)}`;
    return `[${indices.map((i) => (i < 0 ? "..." : render(dim + 1, offset + i * strides[dim]!))).join(separator)}]`;
  };
  return `${PREFIX}${render(0, 0)}${suffix})`;
}

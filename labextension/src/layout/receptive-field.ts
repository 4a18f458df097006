/**
 * Receptive fields from the shape arithmetic: which input positions an output pixel reads.
 */

/** The arithmetic of one axis that a receptive field depends on. */
export interface WindowAxis {
  readonly input: number;
  readonly kernel: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly stride: number;
}

/**
 * The window of one axis in input coordinates: negative positions and positions ≥ `input`
 * lie in the padding. Positions read are first, first + step, …, last.
 */
export interface AxisWindow {
  readonly first: number;
  readonly last: number;
  readonly step: number;
  readonly reachesPaddingBefore: boolean;
  readonly reachesPaddingAfter: boolean;
}

/**
 * The input positions output index `index` reads along one axis: from index·s − p_before in
 * steps of d, k of them.
 *
 * @example
 * ```ts
 * // 28 → 14 with k=3, p=1, s=2: output 0 reads rows −1, 0, 1 (row −1 is padding)
 * axisWindow(0, { input: 28, kernel: 3, dilation: 1, padBefore: 1, stride: 2 });
 * // { first: -1, last: 1, step: 1, reachesPaddingBefore: true, reachesPaddingAfter: false }
 * ```
 */
export function axisWindow(index: number, axis: WindowAxis): AxisWindow {
  const first = index * axis.stride - axis.padBefore;
  const last = first + axis.dilation * (axis.kernel - 1);
  return {
    first,
    last,
    step: axis.dilation,
    reachesPaddingBefore: first < 0,
    reachesPaddingAfter: last > axis.input - 1,
  };
}

/** The receptive field of one output pixel. */
export interface ReceptiveField {
  readonly rows: AxisWindow;
  readonly columns: AxisWindow;
  /** True when any position read lies in the padding. */
  readonly reachesPadding: boolean;
}

/**
 * The receptive field of output pixel (row, column).
 *
 * @example
 * ```ts
 * const axis = { input: 8, kernel: 3, dilation: 1, padBefore: 1, stride: 2 };
 * receptiveField(3, 3, axis, axis).rows; // { first: 5, last: 7, step: 1, … }
 * ```
 */
export function receptiveField(
  row: number,
  column: number,
  height: WindowAxis,
  width: WindowAxis,
): ReceptiveField {
  const rows = axisWindow(row, height);
  const columns = axisWindow(column, width);
  return {
    rows,
    columns,
    reachesPadding:
      rows.reachesPaddingBefore ||
      rows.reachesPaddingAfter ||
      columns.reachesPaddingBefore ||
      columns.reachesPaddingAfter,
  };
}

/** Positions read along one axis, in order. */
export function windowPositions(window: AxisWindow): number[] {
  const positions: number[] = [];
  for (let p = window.first; p <= window.last; p += window.step) positions.push(p);
  return positions;
}

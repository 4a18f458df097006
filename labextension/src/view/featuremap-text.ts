/**
 * The texts around the interactive feature-map figure, as pure functions: the plot's accessible
 * description and the readout of the selected output pixel.
 */
import type { ReceptiveField } from "../layout/receptive-field.js";
import type { DecodedFeatureMaps } from "../payload/index.js";
import { type Cursor, type FeatureMapState, mapRange } from "./featuremap-spec.js";

/**
 * A value as the readout shows it: 4 decimals, or exponent notation when very large or small.
 *
 * @example
 * ```ts
 * [formatNumber(0.5), formatNumber(1e-5), formatNumber(0)]; // ["0.5000", "1.000e-5", "0.0000"]
 * ```
 */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)
    ? value.toExponential(3)
    : value.toFixed(4);
}

function describeWindow(first: number, last: number, step: number): string {
  return step === 1 ? `${first}…${last}` : `${first}…${last} every ${step}`;
}

/**
 * The plot's accessible description (its `aria-label`): the variant, the padded input, the kernel
 * and the maps drawn with their shared colour scale.
 *
 * @example
 * ```ts
 * describeFeatureMaps(figure, state).startsWith(`${figure.payload.title}. Variant 1 of`); // true
 * ```
 */
export function describeFeatureMaps(figure: DecodedFeatureMaps, state: FeatureMapState): string {
  const { payload } = figure;
  const variant = figure.variant(state.variantIndex);
  const input = payload.inputs[0];
  const p = variant.padding;
  const inputs = payload.inputs.length;
  const kernels = payload.kernels.length;
  const drawn = state.grid.count;
  const range = mapRange(figure);
  return (
    `${payload.title}. Variant ${state.variantIndex + 1} of ${payload.variants.length}: ${variant.title}. ` +
    `Input ${input?.height}×${input?.width} with ${variant.paddingMode} padding (top ${p.top}, bottom ${p.bottom}, left ${p.left}, right ${p.right}) drawn shaded; ` +
    `kernel ${variant.height.kernel}×${variant.width.kernel}; ` +
    `${drawn} output map${drawn === 1 ? "" : "s"} of ${variant.height.output}×${variant.width.output} ` +
    `(${inputs} input${inputs === 1 ? "" : "s"} × ${kernels} kernel${kernels === 1 ? "" : "s"}) in one mosaic, ` +
    `shared colour scale from ${formatNumber(range.zmin)} to ${formatNumber(range.zmax)} centred on zero.`
  );
}

/**
 * What the readout says about the selected output pixel: its map, value and receptive field.
 *
 * @example
 * ```ts
 * describeCursor(figure, state, { map: 0, row: 0, column: 1 }, field);
 * // "map 1 of 1 (input “…”, kernel “edge”): output[0, 1] = -1.0000; receptive field rows …"
 * ```
 */
export function describeCursor(
  figure: DecodedFeatureMaps,
  state: FeatureMapState,
  cursor: Cursor,
  field: ReceptiveField,
): string {
  const variant = figure.variant(state.variantIndex);
  const kernels = figure.payload.kernels.length;
  const maps = figure.variantMaps(state.variantIndex);
  const tile = variant.height.output * variant.width.output;
  const value = maps[cursor.map * tile + cursor.row * variant.width.output + cursor.column] ?? Number.NaN;
  const input = figure.payload.inputs[Math.floor(cursor.map / kernels)];
  const kernel = figure.payload.kernels[cursor.map % kernels];
  return (
    `map ${cursor.map + 1} of ${state.grid.count} (input “${input?.label ?? ""}”, kernel “${kernel?.name ?? ""}”): ` +
    `output[${cursor.row}, ${cursor.column}] = ${formatNumber(value)}; receptive field rows ` +
    `${describeWindow(field.rows.first, field.rows.last, field.rows.step)}, columns ` +
    `${describeWindow(field.columns.first, field.columns.last, field.columns.step)}` +
    (field.reachesPadding ? " (reaches into the padding)" : " (inside the image)")
  );
}

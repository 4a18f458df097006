/**
 * The grey level of every source pixel the static figure shows, computed once per display and
 * shared by the PNG (./mosaic-draw.ts, which enlarges them) and the SVG's 1× sprite sheet
 * (./mosaic-svg.ts): the inputs, the kernels, the first input padded per variant (padding as a
 * checkerboard) and the maps of the shown inputs per variant. Grey levels: ./colors.ts.
 */
import { pad } from "../conv/pad.js";
import { Tensor } from "../tensor/tensor.js";
import { inputGray, mapGray, paddingGray } from "./colors.js";
import type { MosaicSource } from "./mosaic.js";

/** Grey levels (0–255), row-major like the tensors they come from. */
export interface MosaicTones {
  /** `[N·h·w]`: the inputs, black (0 or their minimum) to white (1 or their maximum). */
  readonly inputs: Uint8Array;
  /** `[K·kh·kw]`: each kernel on its own zero-centred scale. */
  readonly kernels: Uint8Array;
  /** `[variant]`: the first input padded as the variant pads it, `(h+top+bottom)·(w+left+right)`. */
  readonly padded: readonly Uint8Array[];
  /** `[variant]`: the maps of the first `mapRows` inputs, `[mapRows·K·oh·ow]`, on the shared scale. */
  readonly maps: readonly Uint8Array[];
  /** How many inputs' maps {@link maps} holds. */
  readonly mapRows: number;
}

function dims(t: Tensor): [number, number, number, number] {
  return t.shape as [number, number, number, number];
}

/**
 * The grey levels of everything `source` shows, with the maps of its first `mapRows` inputs
 * (default all).
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicTones, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge", variants: [{ padding: 1 }] });
 * const tones = mosaicTones(figure);
 * Array.from(tones.inputs);      // [0, 255, 255, 0]
 * tones.padded[0]!.length;       // 16
 * tones.maps[0]!.length;         // 12
 * ```
 */
export function mosaicTones(source: MosaicSource, mapRows?: number): MosaicTones {
  const [n, , h, w] = dims(source.inputs);
  const rows = Math.max(1, Math.min(n, mapRows ?? n));
  const low = Math.min(0, source.inputs.min());
  const high = Math.max(1, source.inputs.max());
  const values = source.inputs.data;
  const inputs = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) inputs[i] = inputGray(values[i]!, low, high);

  const [, , kh, kw] = dims(source.weight);
  const weights = source.weight.data;
  const kernels = new Uint8Array(weights.length);
  for (let from = 0; from < weights.length; from += kh * kw) {
    let limit = 0;
    for (let t = from; t < from + kh * kw; t++) limit = Math.max(limit, Math.abs(weights[t]!));
    for (let t = from; t < from + kh * kw; t++) kernels[t] = mapGray(weights[t]!, limit);
  }

  const first = new Tensor([1, 1, h, w], values.subarray(0, h * w));
  const padded = source.variants.map((variant) => {
    const { top, bottom, left, right } = variant.padding;
    const data = pad(first, variant.padding, variant.paddingMode).data;
    const [ph, pw] = [h + top + bottom, w + left + right];
    const greys = new Uint8Array(ph * pw);
    for (let r = 0; r < ph; r++) {
      for (let c = 0; c < pw; c++) {
        const grey = inputGray(data[r * pw + c]!, low, high);
        const inside = r >= top && r < top + h && c >= left && c < left + w;
        greys[r * pw + c] = inside ? grey : paddingGray(grey, r, c);
      }
    }
    return greys;
  });

  const limit = source.colorLimit;
  const maps = source.variants.map((variant) => {
    const [, k, oh, ow] = dims(variant.output);
    const out = variant.output.data;
    const greys = new Uint8Array(rows * k * oh * ow);
    for (let i = 0; i < greys.length; i++) greys[i] = mapGray(out[i]!, limit);
    return greys;
  });
  return { inputs, kernels, padded, maps, mapRows: rows };
}

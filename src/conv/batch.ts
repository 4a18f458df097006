/**
 * Long batches without a frozen notebook: {@link conv2dAsync} runs a convolution a slice of the
 * batch at a time and yields to the event loop between slices, so a cell can show progress and
 * be interrupted (or aborted through a signal) while thousands of images go through.
 */
import { Tensor } from "../tensor/tensor.js";
import { runConv2d } from "./conv2d.js";
import { viewOf } from "./engine/outputs.js";
import { outputOf } from "./layout.js";
import { type Conv2dOptions, planConv2d } from "./plan/conv.js";

/** Options of {@link conv2dAsync}: those of conv2d, and how to report and stop. */
export interface Conv2dAsyncOptions extends Conv2dOptions {
  /** Called after each slice with the images done so far and the batch size. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between two slices when aborted (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Images per slice; by default about a million output values per slice. */
  imagesPerStep?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * {@link conv2d} over a batch, a slice at a time, yielding between slices; the same result.
 *
 * @example
 * ```ts
 * import { arange, conv2dAsync, ones } from "convlab";
 * const seen: number[] = [];
 * const y = await conv2dAsync(arange(32).reshape(2, 1, 4, 4), ones([1, 1, 3, 3]), {
 *   imagesPerStep: 1,
 *   onProgress: (done) => seen.push(done),
 * });
 * y.tolist(); // [[[[45, 54], [81, 90]]], [[[189, 198], [225, 234]]]]
 * seen;       // [1, 2]
 * ```
 */
export async function conv2dAsync(
  input: Tensor,
  weight: Tensor,
  options: Conv2dAsyncOptions = {},
): Promise<Tensor> {
  const { onProgress, signal, imagesPerStep, ...convOptions } = options;
  const plan = planConv2d(input, weight, convOptions);
  const out = outputOf(plan);
  const [h, w] = plan.inputSize;
  const [oh, ow] = plan.output;
  const inImage = plan.inChannels * h * w;
  const outImage = plan.outChannels * oh * ow;
  const step = imagesPerStep ?? Math.max(1, Math.floor(2 ** 20 / Math.max(outImage, 1)));
  for (let start = 0; start < plan.batch; start += step) {
    signal?.throwIfAborted();
    const n = Math.min(step, plan.batch - start);
    const slice = new Tensor(
      [n, plan.inChannels, h, w],
      viewOf(input.data, start * inImage, (start + n) * inImage),
    );
    const target = new Tensor(
      [n, plan.outChannels, oh, ow],
      viewOf(out.data, start * outImage, (start + n) * outImage),
    );
    runConv2d(planConv2d(slice, weight, { ...convOptions, out: target }));
    onProgress?.(start + n, plan.batch);
    await yieldToEventLoop();
  }
  return out;
}

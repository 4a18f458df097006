/**
 * Loads the conformance files: everything in ../shared/conformance, plus every *.json in
 * the directories named by CONVLAB_EXTRA_VECTORS (colon-separated, same format).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface ConvVector {
  id: string;
  op: string;
  description?: string;
  input_shape: number[];
  input: unknown;
  weight_shape?: number[];
  weight?: unknown;
  bias?: number[] | null;
  kernel_size?: number[];
  stride?: number[];
  padding?: number[] | string;
  dilation?: number[];
  groups?: number;
  padding_mode?: string;
  output_padding?: number[];
  pre_pad?: { fpad_tuple_left_right_top_bottom: number[]; mode: string } | null;
  resolved_padding_left_right_top_bottom?: number[];
  ceil_mode?: boolean;
  count_include_pad?: boolean | null;
  divisor_override?: number | null;
  output_shape: number[];
  output: unknown;
}

export interface ErrorCase {
  id: string;
  description?: string;
  code: string;
  exception: string;
  message: string;
}

export interface NetworkCase {
  id: string;
  description?: string;
  input_shape: number[];
  layers: { layer: string; output_shape: number[] }[];
}

export interface ConformanceFile {
  path: string;
  vectors: ConvVector[];
  errors: ErrorCase[];
  networks: NetworkCase[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared conformance directory: CONVLAB_SHARED_DIR, or ../shared beside the repository. */
export function sharedConformanceDir(): string {
  const shared = process.env.CONVLAB_SHARED_DIR ?? resolve(root, "../shared");
  return join(shared, "conformance");
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`conformance directory not found: ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(dir, f));
}

/** ConvLab's own PyTorch vectors (scripts/make_vectors.py). */
export const projectVectorsDir = join(root, "test", "vectors");

/**
 * Every conformance file: the shared ones, ConvLab's own, then each CONVLAB_EXTRA_VECTORS
 * directory in order.
 */
export function loadConformanceFiles(): ConformanceFile[] {
  const extra = (process.env.CONVLAB_EXTRA_VECTORS ?? "").split(":").filter((d) => d.trim() !== "");
  const dirs = [sharedConformanceDir(), projectVectorsDir, ...extra.map((d) => resolve(d))];
  return dirs.flatMap(jsonFiles).map((path) => {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<ConformanceFile>;
    return { path, vectors: data.vectors ?? [], errors: data.errors ?? [], networks: data.networks ?? [] };
  });
}

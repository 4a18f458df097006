/**
 * The extension's settings (schema/plugin.json) as typed values, read defensively: a bad value
 * in the user's settings falls back to the default instead of breaking the renderer.
 */
import { DEFAULT_FEATUREMAP_OPTIONS, type FeatureMapOptions } from "./view/featuremap-view.js";

/** The plugin id; schema/plugin.json holds its settings schema. */
export const PLUGIN_ID = "convlab-labextension:plugin";

/** Plotly colour scales offered in the settings (diverging ones suit zero-centred maps). */
export const COLOR_MAPS = ["RdBu", "Picnic", "Portland", "Bluered", "Viridis", "Cividis", "Greys"] as const;

export interface ConvLabSettings extends FeatureMapOptions {
  readonly lectureNotebooks: readonly string[];
  readonly homeworkNotebooks: readonly string[];
}

export const DEFAULT_SETTINGS: ConvLabSettings = {
  ...DEFAULT_FEATUREMAP_OPTIONS,
  lectureNotebooks: [
    "notebooks/lecture/01-shrinking-and-padding.ipynb",
    "notebooks/lecture/zh/01-shrinking-and-padding.ipynb",
  ],
  homeworkNotebooks: [
    "notebooks/homework/student/hw1-output-size.ipynb",
    "notebooks/homework/student/hw2-feature-maps.ipynb",
  ],
};

function paths(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string" && item.length > 0)
    ? (value as string[])
    : fallback;
}

/**
 * Typed settings from the raw composite settings object.
 *
 * @example
 * ```ts
 * readSettings({ colorMap: "Picnic", maxMapsDrawn: 64 }).maxMapsDrawn; // 64
 * readSettings({ maxMapsDrawn: 10_000 }).maxMapsDrawn;                 // 512 (out of range: default)
 * ```
 */
export function readSettings(raw: Readonly<Record<string, unknown>>): ConvLabSettings {
  const colorMap = (COLOR_MAPS as readonly unknown[]).includes(raw.colorMap)
    ? (raw.colorMap as string)
    : DEFAULT_SETTINGS.colorMap;
  const max = raw.maxMapsDrawn;
  const maxMapsDrawn =
    typeof max === "number" && Number.isInteger(max) && max >= 1 && max <= 512
      ? max
      : DEFAULT_SETTINGS.maxMapsDrawn;
  const defaultVariant =
    typeof raw.defaultVariant === "string" ? raw.defaultVariant : DEFAULT_SETTINGS.defaultVariant;
  return {
    colorMap,
    maxMapsDrawn,
    defaultVariant,
    lectureNotebooks: paths(raw.lectureNotebooks, DEFAULT_SETTINGS.lectureNotebooks),
    homeworkNotebooks: paths(raw.homeworkNotebooks, DEFAULT_SETTINGS.homeworkNotebooks),
  };
}

/** Launcher labels of the lecture's editions, by the folder that holds them. */
const EDITION_LABELS: Readonly<Record<string, string>> = { zh: "中文" };

/** One launcher card: the notebook it opens and its label. */
export interface LectureCard {
  readonly path: string;
  readonly label: string;
}

/**
 * One launcher card per lecture notebook: the first is "ConvLab", each further one is named by
 * its edition's folder (e.g. the Chinese edition in `…/zh/` is "ConvLab 中文").
 *
 * @example
 * ```ts
 * lectureCards(["notebooks/lecture/01.ipynb", "notebooks/lecture/zh/01.ipynb"]).map((c) => c.label); // ["ConvLab", "ConvLab 中文"]
 * lectureCards(["a/x.ipynb", "b/y.ipynb"])[1]!.label;                                               // "ConvLab (b)"
 * ```
 */
export function lectureCards(paths: readonly string[]): LectureCard[] {
  return paths.map((path, index) => {
    if (index === 0) return { path, label: "ConvLab" };
    const folder = path.split("/").slice(-2, -1)[0] ?? "";
    return { path, label: `ConvLab ${EDITION_LABELS[folder] ?? `(${folder})`}` };
  });
}

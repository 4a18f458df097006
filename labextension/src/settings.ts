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
  lectureNotebooks: ["notebooks/lecture/padding-and-stride.ipynb"],
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

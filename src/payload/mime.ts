/** The MIME types of ConvLab's outputs, the one definition both the kernel and the extension use. */

/** The feature-map payload (./index.ts describes it). */
export const FEATUREMAPS_MIME_TYPE = "application/vnd.convlab.featuremaps.v1+json";

/** Plain plotly figures (line charts), rendered by ConvLab's extension. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * ConvLab's JupyterLab extension: safe mime renderers for
 * `application/vnd.convlab.featuremaps.v1+json` and `application/vnd.plotly.v1+json`, a ConvLab
 * launcher card, course notebook commands and settings.
 */
import { convlabPlugin } from "./plugin.js";

export default [convlabPlugin];

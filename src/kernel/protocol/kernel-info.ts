/** The kernel_info reply: who this kernel is and which language it speaks. */
import { createRequire } from "node:module";
import type { ExecutorVersions } from "../ipc.js";
import { PROTOCOL_VERSION } from "./wire.js";

const require = createRequire(import.meta.url);
const { version } = require("../../../package.json") as { version: string };

/**
 * The content of a kernel_info_reply, from the versions the executor reported when ready (so
 * the protocol process never loads the compiler).
 *
 * @example
 * ```ts
 * import { kernelInfo } from "./kernel-info.js";
 * const info = kernelInfo({ tslab: "1.0.22", typescript: "5.0.4", node: "20.19.0" });
 * info.language_info.version; // "5.0.4"
 * ```
 */
export function kernelInfo(compiler: ExecutorVersions) {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "convlab",
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: compiler.typescript,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      codemirror_mode: { name: "javascript", typescript: true },
    },
    banner:
      `ConvLab ${version}: TypeScript ${compiler.typescript} (tslab ${compiler.tslab}) on Node.js ` +
      `${compiler.node}. The ConvLab API is in scope in every cell.`,
    help_links: [
      { text: "ConvLab", url: "https://www.npmjs.com/package/convlab" },
      {
        text: "Dive into Deep Learning: Padding and Stride",
        url: "https://d2l.ai/chapter_convolutional-neural-networks/padding-and-strides.html",
      },
      { text: "TypeScript Handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/docs/latest-v20.x/api/" },
    ],
    debugger: false,
  };
}

/**
 * The SVG fallback of the feature-map figure: it draws what the PNG draws (rendered by resvg, an
 * independent SVG renderer, against the PNG at the same zoom), keeps hostile strings as text, and
 * goes into the mime bundle only within the size budget.
 */
import { createRequire } from "node:module";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { loadFashionMnist } from "../../../src/data/fashion-mnist.js";
import { MIME_BUNDLE } from "../../../src/display.js";
import { BUNDLE_BYTES_PER_MAP_PIXEL, figureDescription, wantSvg } from "../../../src/figure/bundle.js";
import { featureMaps } from "../../../src/figure/feature-maps.js";
import { fontFiles } from "../../../src/figure/glyphs.js";
import { mosaicSvg } from "../../../src/figure/mosaic-svg.js";
import { tensor } from "../../../src/tensor/create.js";

const require = createRequire(import.meta.url);
const { Resvg } = require("@resvg/resvg-js") as {
  Resvg: new (
    svg: string,
    options: object,
  ) => { render(): { asPng(): Buffer; width: number; height: number } };
};
const fashion = await loadFashionMnist("test", { env: {} });

/** The SVG rendered by resvg with the figure's font, decoded. */
function renderSvg(svg: string): PNG {
  const files = fontFiles();
  const options = {
    font: {
      fontFiles: [files.regular, files.bold],
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans Mono",
    },
  };
  return PNG.sync.read(new Resvg(svg, options).render().asPng());
}

/** Decodes the XML character references the SVG writer uses (`&#60;` and the like). */
function fromXml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe("the SVG figure", () => {
  const figure = featureMaps({
    images: fashion.select({ indices: [0, 1] }),
    kernels: ["sobel-x", "laplacian"],
    variants: [{ padding: 0 }, { padding: 1, stride: 2 }, { padding: 2, stride: 3 }],
  });
  const labels = { title: figure.title, description: figureDescription(figure) };

  it.each([1, 2])(
    "draws what the PNG draws at zoom %i (≤ 1 % of pixels off by more than 2 grey levels)",
    (zoom) => {
      const { svg, layout } = mosaicSvg(figure, zoom, {}, labels);
      const drawn = renderSvg(svg);
      const png = PNG.sync.read(figure.toPng(zoom).png);
      expect([drawn.width, drawn.height]).toEqual([layout.width, layout.height]);
      expect([png.width, png.height]).toEqual([layout.width, layout.height]);
      let off = 0;
      for (let i = 0; i < png.data.length; i += 4) if (Math.abs(png.data[i]! - drawn.data[i]!) > 34) off++;
      expect(off / (png.width * png.height)).toBeLessThanOrEqual(0.01);
    },
  );

  it("carries its title and description for screen readers, and every label as real text", () => {
    const { svg, layout } = mosaicSvg(figure, 1, {}, labels);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="(\S+)-t \1-d"/);
    expect(fromXml(/<title id="[^"]+">([^<]*)<\/title>/.exec(svg)![1]!)).toBe(
      "sobel-x, laplacian on Ankle boot, Pullover",
    );
    expect(fromXml(/<desc id="[^"]+">([^<]*)<\/desc>/.exec(svg)![1]!)).toBe(labels.description);
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => fromXml(m[1]!));
    expect(texts.sort()).toEqual(layout.texts.map((t) => t.text).sort());
    expect(texts).toContain("28×28 → 14×14 (k=3, p=1, s=2)");
  });

  it("keeps hostile names as text: no element, attribute or script comes from the payload", () => {
    const hostile = '</text><script>alert("k")</script>';
    const label = '"><img src=x onerror=alert(1)>';
    const title = "]]><!-- <svg onload=alert(2)> &amp; \u0001\ud800";
    const evil = featureMaps({
      images: {
        tensor: tensor([
          [0, 1, 0],
          [1, 0, 1],
          [0, 1, 0],
        ]),
        images: [{ label }],
      },
      kernels: [{ name: hostile, description: "x", tensor: tensor([[1, -1]]) }],
      title,
    });
    const alt = figureDescription(evil);
    const { svg, layout } = mosaicSvg(evil, 2, {}, { title, description: alt });
    for (const bad of ["<script", "<img", "<!--", "]]>", "<svg onload", "\u0001", "&amp;"]) {
      expect(svg.includes(bad), bad).toBe(false);
    }
    // the markup is what the writer made: one <text> per label, one <svg> per plane plus the root
    expect(svg.match(/<text /g)!.length).toBe(layout.texts.length);
    expect(svg.match(/<svg /g)!.length).toBe(1 + 4);
    // and the names read back as the text they were (cut to fit), control characters as U+FFFD
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => fromXml(m[1]!));
    expect(texts).toContain(hostile); // over its column
    expect(texts).toContain(`${hostile.slice(0, 13)}…`); // under the kernel
    expect(texts).toContain(`${label.slice(0, 13)}…`);
    expect(fromXml(/<title id="[^"]+">([^<]*)<\/title>/.exec(svg)![1]!)).toBe(
      "]]><!-- <svg onload=alert(2)> &amp; \ufffd\ufffd",
    );
    // well-formed XML: resvg parses and draws it
    expect(renderSvg(svg).width).toBe(layout.width);
    // and the bundle holds that SVG with the PNG
    const bundle = evil[MIME_BUNDLE]();
    expect(typeof bundle.data["image/svg+xml"]).toBe("string");
    expect((bundle.data["image/svg+xml"] as string).includes("<script")).toBe(false);
  });
});

describe("the SVG in the mime bundle", () => {
  const nine = [0, 1, 2].flatMap((padding) => [1, 2, 3].map((stride) => ({ padding, stride })));

  it("goes in for a small figure, where it is smaller than the PNG, at the PNG's size", () => {
    const small = featureMaps({
      images: fashion.select({ indices: [0] }),
      kernels: "sobel-x",
      variants: nine,
    });
    const bundle = small[MIME_BUNDLE]();
    const svg = bundle.data["image/svg+xml"] as string;
    const png = bundle.data["image/png"] as string;
    expect(svg.length).toBeLessThan(png.length);
    expect(bundle.metadata!["image/svg+xml"]).toEqual({
      width: (bundle.metadata!["image/png"] as { width: number }).width,
      height: (bundle.metadata!["image/png"] as { height: number }).height,
    });
  });

  it("goes in for the lecture figure (10 images × 4 kernels × 9 variants) larger than its PNG, within 2 B per map pixel", () => {
    const lecture = featureMaps({
      images: fashion.select({ firstOfEachClass: true }),
      kernels: ["sobel-x", "sobel-y", "laplacian", "sharpen"],
      variants: nine,
    });
    const bundle = lecture[MIME_BUNDLE]();
    const png = bundle.metadata!["image/png"] as { width: number };
    const svg = bundle.metadata!["image/svg+xml"] as { width: number };
    expect(svg.width).toBeGreaterThan(png.width);
    expect(svg.width).toBeLessThanOrEqual(1200);
    expect(Buffer.byteLength(JSON.stringify(bundle))).toBeLessThanOrEqual(
      BUNDLE_BYTES_PER_MAP_PIXEL * lecture.mapPixels,
    );
  });

  it("goes in for 64 images (maps of 16 shown), smaller than the PNG, within 2 B per map pixel", () => {
    const big = featureMaps({
      images: fashion.select({ sample: 64, seed: 1 }),
      kernels: ["sobel-x", "sobel-y", "laplacian", "sharpen"],
      variants: nine,
    });
    const bundle = big[MIME_BUNDLE]();
    expect((bundle.data["image/svg+xml"] as string).length).toBeLessThan(
      (bundle.data["image/png"] as string).length,
    );
    expect(Buffer.byteLength(JSON.stringify(bundle))).toBeLessThanOrEqual(
      BUNDLE_BYTES_PER_MAP_PIXEL * big.mapPixels,
    );
  });

  it("is chosen by size and sharpness within the budget", () => {
    const base = {
      svgBytes: 50,
      pngBytes: 100,
      otherBytes: 100,
      budget: 300,
      sharper: false,
      explicitZoom: false,
    };
    expect(wantSvg(base)).toBe(true); // smaller, fits: 250 ≤ 300
    expect(wantSvg({ ...base, svgBytes: 120 })).toBe(false); // neither smaller nor sharper
    expect(wantSvg({ ...base, svgBytes: 120, sharper: true })).toBe(false); // sharper, but 320 > 300
    expect(wantSvg({ ...base, svgBytes: 99, sharper: true })).toBe(true); // 299 ≤ 300
    expect(wantSvg({ ...base, budget: 240 })).toBe(false); // smaller, but 250 > 240
    expect(wantSvg({ ...base, budget: 240, explicitZoom: true })).toBe(true); // a zoom asked for: smaller is enough
    expect(wantSvg({ ...base, svgBytes: 120, sharper: true, explicitZoom: true })).toBe(false);
  });
});

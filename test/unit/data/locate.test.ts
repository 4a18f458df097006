import { copyFileSync, createReadStream, existsSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadFashionMnist } from "../../../src/data/download.js";
import { loadFashionMnist } from "../../../src/data/fashion-mnist.js";
import { DEBIAN_DIR, FASHION_MNIST_FILES, filesOf } from "../../../src/data/files.js";
import {
  defaultCacheDir,
  locateFashionMnistFiles,
  locateSplit,
  searchPlaces,
} from "../../../src/data/locate.js";
import { ConvLabError } from "../../../src/errors.js";
import { syntheticLabels, tempDir, writeFile } from "../../support/idx-files.js";

describe("locating the files", () => {
  it("searches CONVLAB_FASHION_MNIST_DIR, then Debian's directory, then the user cache", () => {
    const places = searchPlaces({ env: { CONVLAB_FASHION_MNIST_DIR: "/data/fm", HOME: "/home/ada" } });
    expect(places.map((p) => [p.source, p.dir])).toEqual([
      ["env", "/data/fm"],
      ["debian", "/usr/share/datasets/fashion-mnist"],
      ["cache", "/home/ada/.cache/convlab/fashion-mnist"],
    ]);
    expect(defaultCacheDir({ HOME: "/home/ada", XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/convlab/fashion-mnist");
  });

  it("finds the Debian files when the variable is unset", () => {
    const found = locateFashionMnistFiles({ env: { HOME: tempDir() } });
    expect(found.map((f) => f.found?.path)).toEqual(
      FASHION_MNIST_FILES.map((f) => `${DEBIAN_DIR}/${f.name}.gz`),
    );
    expect(found.every((f) => f.found?.place.source === "debian")).toBe(true);
  });

  it("prefers CONVLAB_FASHION_MNIST_DIR, accepting raw (not gzipped) files", () => {
    const dir = tempDir();
    const { labels, images } = filesOf("test");
    writeFile(dir, labels.name, syntheticLabels(3), false);
    writeFile(dir, images.name, syntheticLabels(3), false);
    const split = locateSplit("test", { env: { CONVLAB_FASHION_MNIST_DIR: dir } });
    expect(split.labels.path).toBe(join(dir, labels.name));
    expect(split.labels.place.source).toBe("env");
    // the train files are not in that directory, so they come from Debian
    expect(locateSplit("train", { env: { CONVLAB_FASHION_MNIST_DIR: dir } }).images.place.source).toBe(
      "debian",
    );
  });

  it("falls back to the user cache", () => {
    const cache = tempDir();
    for (const f of FASHION_MNIST_FILES.filter((f) => f.split === "test")) {
      copyFileSync(`${DEBIAN_DIR}/${f.name}.gz`, join(cache, `${f.name}.gz`));
    }
    const split = locateSplit("test", { env: {}, debianDir: "/nonexistent", cacheDir: cache });
    expect(split.images.place.source).toBe("cache");
  });

  it("says exactly how to get the data when no place holds it", () => {
    const cache = tempDir();
    let error: unknown;
    try {
      locateSplit("test", { env: {}, debianDir: "/nonexistent", cacheDir: cache });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvLabError);
    const message = (error as ConvLabError).message;
    expect((error as ConvLabError).category).toBe("data");
    expect(message).toContain("Fashion-MNIST test files not found");
    expect(message).toContain("CONVLAB_FASHION_MNIST_DIR is not set");
    expect(message).toContain("sudo apt-get install dataset-fashion-mnist");
    expect(message).toContain("npx convlab data download");
    expect(message).toContain(cache);
    expect(message).toContain("t10k-images-idx3-ubyte.gz");
  });
});

describe("downloading into the cache (from a local HTTP server serving the real files)", () => {
  let server: Server;
  let baseUrl = "";
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const name = (req.url ?? "").replace(/^\/(corrupt\/)?/, "");
      if (req.url?.startsWith("/corrupt/")) {
        res.writeHead(200, { "content-length": "20" });
        res.end(Buffer.alloc(20, 7));
        return;
      }
      const path = join(DEBIAN_DIR, name);
      if (!existsSync(path)) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200);
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("downloads, verifies and then loads the test split from the cache", async () => {
    const cache = tempDir();
    const test = await loadFashionMnist("test", {
      env: {},
      debianDir: "/nonexistent",
      cacheDir: cache,
      download: true,
      baseUrl,
    });
    expect(Array.from(test.labels.subarray(0, 4))).toEqual([9, 2, 1, 1]);
    expect(readdirSync(cache).sort()).toEqual(["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]);
    const again = await downloadFashionMnist({ dir: cache, baseUrl, files: FASHION_MNIST_FILES.slice(2) });
    expect(again.map((r) => r.status)).toEqual(["present", "present"]);
  });

  it("rejects a corrupt download and leaves no partial file", async () => {
    const cache = tempDir();
    const error = await downloadFashionMnist({
      dir: cache,
      baseUrl: `${baseUrl}corrupt/`,
      files: [filesOf("test").labels],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvLabError);
    expect((error as ConvLabError).message).toContain("downloaded file rejected");
    expect(readdirSync(cache)).toEqual([]);
  });

  it("without network access, says how to get the data", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const cache = tempDir();
    const error = await downloadFashionMnist({
      dir: cache,
      baseUrl: `http://127.0.0.1:${port}/`,
      files: [filesOf("test").labels],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvLabError);
    const message = (error as ConvLabError).message;
    expect(message).toContain("cannot download Fashion-MNIST (ECONNREFUSED)");
    expect(message).toContain("sudo apt-get install dataset-fashion-mnist");
    expect(message).toContain("CONVLAB_FASHION_MNIST_DIR");
    expect(readdirSync(cache)).toEqual([]);
  });
});

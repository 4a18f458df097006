import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "grade",
          include: ["test/grade/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: "conformance", include: ["test/conformance/**/*.test.ts"] } },
      { test: { name: "labextension", include: ["labextension/test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "labextension-install",
          include: ["labextension/test/install/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});

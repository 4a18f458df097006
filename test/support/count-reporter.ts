/**
 * A vitest reporter that ends the run with the plain closing line `N passed, N failed`
 * (after the default reporter's summary), counting individual tests.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class CountReporter implements Reporter {
  private line = "";

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
      }
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed++;
    }
    this.line = `${passed} passed, ${failed} failed`;
  }

  // Printed on exit so that it follows every other reporter's summary.
  onInit(): void {
    process.once("exit", () => {
      if (this.line) process.stdout.write(`\n${this.line}\n`);
    });
  }
}

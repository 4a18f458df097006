/**
 * `npm run bench`: runs every `bench:*` script of package.json in turn (each prints its own
 * measurements next to the reference it is compared with) and summarises which ran.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const scripts = Object.keys(
  (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts,
).filter((name) => name.startsWith("bench:"));

const results: [string, number | null][] = [];
for (const name of scripts) {
  process.stdout.write(`\n=== npm run ${name}\n`);
  const run = spawnSync("npm", ["run", "--silent", name], { stdio: "inherit" });
  results.push([name, run.status]);
}
process.stdout.write("\n=== benchmarks\n");
for (const [name, status] of results) process.stdout.write(`${status === 0 ? "ok    " : "FAILED"} ${name}\n`);
process.exitCode = results.every(([, status]) => status === 0) ? 0 : 1;

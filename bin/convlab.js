#!/usr/bin/env node
// The convlab command: runs the compiled CLI (built by `npm run build`, which setup runs).
import "../dist/cli/main.js";

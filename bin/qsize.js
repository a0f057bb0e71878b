#!/usr/bin/env node
// Starts the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
import '../dist/cli.mjs';

#!/usr/bin/env node
// The published bin: the compiled CLI (`pnpm build`). In this repository,
// bin/source.js runs the TypeScript sources instead, with no build step.
import '../dist/cli.js'

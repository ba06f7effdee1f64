#!/usr/bin/env node
// The workspace launcher: runs the TypeScript sources through tsx, so the emulator works right after
// `pnpm install` (the published bin, moonkey-emulator.js, runs the compiled dist/cli.js).
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')

#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the emulator works right after `pnpm install`.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')

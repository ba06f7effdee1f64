#!/usr/bin/env node
// Runs src/bench.ts through tsx (no build step).
import { register } from 'tsx/esm/api'

register()
await import('../src/bench.ts')

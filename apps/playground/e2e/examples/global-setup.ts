import { existsSync } from 'node:fs'
import { CHROMIUM } from '../browser.ts'
import { buildExamples } from './build-examples.ts'

/** Before the examples suite: the packages and both examples built for production. */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The examples suite needs Chromium at ${CHROMIUM} (the e2e suite installs it), or set CHROMIUM_PATH.`)
  }
  buildExamples()
}

/** The median of `values` (the upper one of an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** `n` with thousands separators and `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** Rotates `items` by `round`, so no contender always runs first. */
export const rotate = <T>(items: T[], round: number): T[] => {
  const k = round % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

/**
 * A Web Locks manager shared by the "tabs" of one test: exclusive locks,
 * `ifAvailable` (the callback gets `null` when held) and `signal` (a waiting
 * request rejects with an AbortError when it fires).
 */
export const fakeLocks = () => {
  const held = new Set<string>()
  const queues = new Map<string, Array<() => void>>()
  const release = (name: string): void => {
    held.delete(name)
    queues.get(name)?.shift()?.()
  }
  const grant = async <T>(name: string, callback: (lock: unknown) => Promise<T> | T): Promise<T> => {
    held.add(name)
    try {
      return await callback({ name, mode: 'exclusive' })
    } finally {
      release(name)
    }
  }
  return {
    requests: 0,
    request<T>(
      name: string,
      options: { ifAvailable?: boolean; signal?: AbortSignal },
      callback: (lock: unknown) => Promise<T> | T,
    ): Promise<T> {
      this.requests++
      if (!held.has(name)) return grant(name, callback)
      if (options.ifAvailable) return Promise.resolve(callback(null))
      return new Promise<T>((resolve, reject) => {
        const queue = queues.get(name) ?? []
        queues.set(name, queue)
        const turn = () => {
          options.signal?.removeEventListener('abort', abort)
          grant(name, callback).then(resolve, reject)
        }
        const abort = () => {
          queue.splice(queue.indexOf(turn), 1)
          reject(new DOMException('The lock request was aborted', 'AbortError'))
        }
        options.signal?.addEventListener('abort', abort)
        queue.push(turn)
      })
    },
  }
}

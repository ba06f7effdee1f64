// See https://svelte.dev/docs/kit/types#app.d.ts
// `App.Locals.auth` comes with @moon-key/server/sveltekit (imported in hooks.server.ts).
declare global {
  namespace App {}
}

export {}

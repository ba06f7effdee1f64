// For svelte-check (tests compile components with the plugin in the root vite.config.ts).
export default {}

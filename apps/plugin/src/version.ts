// The plugin's version, stamped at build time.
declare const __PLUGIN_VERSION__: string | undefined;

/** Stamped at build time from apps/plugin/package.json; "dev" when run from source. */
export const PLUGIN_VERSION: string = typeof __PLUGIN_VERSION__ === "string" ? __PLUGIN_VERSION__ : "dev";

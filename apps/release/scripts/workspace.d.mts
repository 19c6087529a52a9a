export const REPO_ROOT: string;
export const PLUGIN_BUNDLE: string;
export const RELEASE_DIR: string;
export const NPM_CACHE: string;
export function libraries(): { dir: string; manifest: Record<string, unknown> & { name: string } }[];
export function packLibraries(destination: string): { name: string; tarball: string }[];

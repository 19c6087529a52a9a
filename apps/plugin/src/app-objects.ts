/**
 * piped keys application shared objects by application and plugin only; an application can have
 * several deploy targets (each its own project and region), so the plugin adds the deploy target
 * to the key. The deployment stages write and live state reads through this one function.
 */
export function appObjectKey(deployTarget: string, key: string): string {
  return `${deployTarget}/${key}`;
}

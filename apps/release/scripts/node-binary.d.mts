export const NODE_BINARIES: Record<number, { version: string; integrity: string }>;
export const STANDALONE_NODE_LINE: number;
export function pinnedNode(line: number | string): string;

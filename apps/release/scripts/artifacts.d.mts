export const ARTIFACTS: { file: string; standalone: string; checksums: string };
export function writeReleaseArtifacts(
  outDir?: string,
): Promise<{ file: string; standalone: string; checksums: string }>;

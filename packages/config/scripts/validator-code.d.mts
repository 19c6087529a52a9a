// Types of validator-code.mjs, for the test that checks the generated file.
export declare const AJV_OPTIONS: Record<string, unknown>;
export declare function validatorName(file: string): string;
export declare function validatorModuleSource(publishedSchemas: readonly { file: string; schema: unknown }[]): string;

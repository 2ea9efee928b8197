/** Types of import-cycles.mjs, for the architecture test. */
export declare const SERVER_SRC: string;
export interface ImportCycle {
  /** Every file of the strongly connected component, relative to the source folder. */
  files: string[];
  /** One shortest circle through the first file (first file repeated at the end). */
  circle: string[];
}
export declare function importGraph(srcDir?: string): Map<string, string[]>;
export declare function stronglyConnected(graph: Map<string, string[]>): string[][];
export declare function importCycles(srcDir?: string): ImportCycle[];
export declare function formatCycles(cycles: ImportCycle[]): string;

/** Tables of the status module (mirror its migrations). */
export interface StatusTables {}

/** Tables of the verification module (mirror its migrations). */
export interface VerificationTables {}

import { statusTable } from './common/errors/catalogue';
import { COMMON_ERRORS } from './common/errors/common.errors';
import { BOOKS_ERRORS } from './modules/books/books.errors';
import { SPENDING_BOOKS_ERRORS } from './modules/spending/spending-books.errors';
import { EVIDENCE_ERRORS } from './modules/evidence/evidence.errors';
import { UPLOAD_ERRORS } from './common/upload/upload.errors';

/**
 * The one code → status table the global error filter answers with, built from every module's catalogue
 * (`src/modules/<module>/<module>.errors.ts`). A catalogue left out here is caught by its test.
 */
export const ERROR_STATUS = statusTable(COMMON_ERRORS, BOOKS_ERRORS, SPENDING_BOOKS_ERRORS, EVIDENCE_ERRORS, UPLOAD_ERRORS);

export type ErrorCode = keyof typeof ERROR_STATUS;

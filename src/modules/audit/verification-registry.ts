import { ISSUED_DOCUMENT_FACTS } from '../documents/documents.facts';
import { SPENDING_ENTRY_FACTS, SPENDING_TOTALS_CHECK } from '../spending/spending.facts';
import type { ConsistencyCheck, FactSource } from './audit-facts';

/**
 * What GET /api/audit/verify and `npm run cli -- audit verify` cross-check beside the chains. A table of facts
 * (cash book, tax lines, evidence, …) joins with one entry here, declared in its owning module as a FactSource.
 */
export const FACT_SOURCES: FactSource[] = [SPENDING_ENTRY_FACTS, ISSUED_DOCUMENT_FACTS];

export const CONSISTENCY_CHECKS: ConsistencyCheck[] = [SPENDING_TOTALS_CHECK];

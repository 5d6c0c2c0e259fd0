import { BOOK_PERIOD_EVENT_FACTS, CASH_BALANCES_CHECK, CASH_FUND_ENTRY_FACTS, CASH_POSTING_FACTS, TAX_DEPOSIT_FACTS, TAX_LINE_FACTS, TAX_POSITIONS_CHECK } from '../books/books.facts';
import { ISSUED_DOCUMENT_FACTS } from '../documents/documents.facts';
import { EVIDENCE_FACTS } from '../evidence/evidence.facts';
import { SPENDING_ENTRY_FACTS, SPENDING_TOTALS_CHECK } from '../spending/spending.facts';
import type { ConsistencyCheck, FactSource } from './audit-facts';

/**
 * What GET /api/audit/verify and `npm run cli -- audit verify` cross-check beside the chains. A table of facts
 * joins with one entry here, declared in its owning module as a FactSource.
 */
export const FACT_SOURCES: FactSource[] = [
  SPENDING_ENTRY_FACTS, ISSUED_DOCUMENT_FACTS,
  CASH_FUND_ENTRY_FACTS, CASH_POSTING_FACTS, TAX_LINE_FACTS, TAX_DEPOSIT_FACTS, EVIDENCE_FACTS, BOOK_PERIOD_EVENT_FACTS,
];

export const CONSISTENCY_CHECKS: ConsistencyCheck[] = [SPENDING_TOTALS_CHECK, CASH_BALANCES_CHECK, TAX_POSITIONS_CHECK];

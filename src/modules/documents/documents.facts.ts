import type { FactSource } from '../audit/audit-facts';

/** Every registered document has its document.issue event, with the same number, region, period and hashes. */
export const ISSUED_DOCUMENT_FACTS: FactSource = {
  table: 'issued_document',
  rows: `SELECT d.number::text AS id, jsonb_build_object('number', d.number, 'kind', d.kind, 'regionCode', d.region_code,
           'year', d.year, 'period', d.period, 'sha256', d.sha256::text, 'dataSha256', d.data_sha256::text, 'byteSize', d.byte_size) AS content
           FROM issued_document d`,
  events: [
    {
      where: `a.entity = 'document' AND a.action = 'document.issue'`,
      id: 'a.entity_id',
      content: `jsonb_build_object('number', a.after->'number', 'kind', a.after->'kind', 'regionCode', to_jsonb(a.region_code),
        'year', a.after->'year', 'period', a.after->'period', 'sha256', a.after->'sha256', 'dataSha256', a.after->'dataSha256',
        'byteSize', a.after->'byteSize')`,
    },
  ],
};

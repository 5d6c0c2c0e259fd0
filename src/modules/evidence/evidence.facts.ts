import type { FactSource } from '../audit/audit-facts';

/**
 * Every evidence row has the evidence.upload / evidence.supersede event that recorded it, with the same payment,
 * kind, file name, media type, size, SHA-256 of the bytes, supersession and uploader: a row inserted behind the
 * application's back, or pointed at other bytes, is reported.
 */
export const EVIDENCE_FACTS: FactSource = {
  table: 'evidence',
  rows: `SELECT v.id::text AS id, jsonb_build_object('spendingEntryId', v.spending_entry_id, 'kelurahanCode', v.kelurahan_code, 'kind', v.kind,
           'fileName', v.file_name, 'mediaType', v.media_type, 'byteSize', v.byte_size, 'sha256', v.sha256::text,
           'hasThumbnail', v.thumbnail_key IS NOT NULL, 'supersedesId', v.supersedes_id, 'supersedeReason', v.supersede_reason,
           'uploadedBy', v.uploaded_by) AS content
           FROM evidence v`,
  events: [
    {
      where: `a.entity = 'evidence' AND a.action IN ('evidence.upload', 'evidence.supersede')`,
      id: 'a.entity_id',
      content: `jsonb_build_object('spendingEntryId', a.after->'spendingEntryId', 'kelurahanCode', to_jsonb(a.region_code), 'kind', a.after->'kind',
        'fileName', a.after->'fileName', 'mediaType', a.after->'mediaType', 'byteSize', a.after->'byteSize', 'sha256', a.after->'sha256',
        'hasThumbnail', a.after->'hasThumbnail', 'supersedesId', a.after->'supersedesId', 'supersedeReason', a.after->'supersedeReason',
        'uploadedBy', a.after->'uploadedBy')`,
    },
  ],
};

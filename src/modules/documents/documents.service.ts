import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { MutationRunner } from '../../database/mutation-runner';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { RegionScopeService } from '../regions/region-scope.service';
import { DOCUMENT_KINDS, DocumentKind, formatDocumentNumber, parseDocumentNumber } from './document-number';
import type { DocumentDto, DocumentVerifyDto, PublicDocumentDto, PublicVerifyDto } from './documents.dto';
import { DocumentRepository, DocumentRow, type PublicDocumentRow } from './document.repository';
import { DOCUMENT_ERRORS } from './documents.errors';
import { REGION_ERRORS } from '../regions/regions.errors';
import type { PdfUpload } from './pdf-upload';

/** What a document is about; the region and year also make its number. */
export interface DocumentRef {
  kind: DocumentKind;
  /** The region the document reports on (kelurahan, kecamatan or kab/kota code). */
  regionCode: string;
  year: number;
  /** 'Q1'..'Q4', 'S1', 'S2', 'FY' for reports; null for a plan document (or e.g. 'v2'). */
  period?: string | null;
}

export interface RegisterDocumentInput extends DocumentRef {
  /** From reserveNumber. */
  number: string;
  /** SHA-256 (hex) of the exact bytes served. */
  sha256: string;
  /** Fingerprint of the figures, the hash printed on the PDF (modelFingerprint). */
  dataSha256: string;
  byteSize: number;
  /** null for the system itself. */
  issuedBy: AuthUser | null;
  /** The issue time printed on the PDF, so the registry says the same; now() when absent. */
  issuedAt?: Date;
  /** What makes two requests the same document (see DocumentIssuanceService), its stored file and its title. */
  documentKey?: string;
  storageKey?: string;
  title?: string;
}

export interface IssuedDocument {
  number: string;
  kind: DocumentKind;
  regionCode: string;
  year: number;
  period: string | null;
  sha256: string;
  dataSha256: string;
  byteSize: number;
  issuedAt: string;
  issuedById: string | null;
  issuedBy: string;
}

export interface IssuePdfResult {
  number: string;
  pdf: Buffer;
  sha256: string;
  issuedAt: Date;
}


const HEX64 = /^[0-9a-f]{64}$/;
export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The registry of issued PDFs. The reports module calls `documents.issuePdf(ref, issuedBy, render)` and sends the
 * bytes with `X-Document-Number`. No lock and no transaction is held across the render: the number is reserved
 * and committed first (the counter row is locked only for that short transaction), the PDF is rendered with it,
 * and the document is registered in a second transaction with its audit event. A render that fails leaves the
 * number void (document_void, audit event 'document.void'), so every gap in the running number is explained.
 * `reserveNumber(m, ref)` and `register(m, input)` run inside a transaction the caller holds.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly repo: DocumentRepository,
    private readonly runner: MutationRunner,
    private readonly scope: RegionScopeService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  /** The next number for this region and year, e.g. 'DK/35.73.01.1001/2026/000123'. */
  async reserveNumber(manager: EntityManager, ref: DocumentRef): Promise<string> {
    assertRef(ref);
    const [row]: Array<{ last_no: number }> = await manager.query(
      `INSERT INTO document_counter (region_code, year, last_no) VALUES ($1, $2, 1)
       ON CONFLICT (region_code, year) DO UPDATE SET last_no = document_counter.last_no + 1
       RETURNING last_no`,
      [ref.regionCode, ref.year],
    );
    return formatDocumentNumber(ref.regionCode, ref.year, row.last_no);
  }

  /** Records the served bytes under a reserved number, with the audit event 'document.issue'. */
  async register(manager: EntityManager, input: RegisterDocumentInput): Promise<IssuedDocument> {
    assertRef(input);
    const parsed = parseDocumentNumber(input.number);
    if (!parsed || parsed.regionCode !== input.regionCode || parsed.year !== input.year) {
      throw new Error(`document number ${input.number} does not belong to ${input.regionCode}/${input.year}`);
    }
    if (!HEX64.test(input.sha256) || !HEX64.test(input.dataSha256)) throw new Error('sha256 and dataSha256 must be lowercase hex SHA-256');
    if (!Number.isSafeInteger(input.byteSize) || input.byteSize <= 0) throw new Error(`bad byteSize ${input.byteSize}`);
    const [counter] = await manager.query('SELECT last_no FROM document_counter WHERE region_code = $1 AND year = $2', [
      input.regionCode,
      input.year,
    ]);
    if (!counter || parsed.no > counter.last_no) throw new Error(`document number ${input.number} was never reserved`);

    const [row]: DocumentRow[] = await manager.query(
      `WITH d AS (
         INSERT INTO issued_document (number, kind, region_code, year, period, sha256, data_sha256, byte_size, issued_at, issued_by, issued_by_name,
                                      document_key, storage_key, title)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now()), $10, $11, $12, $13, $14)
         RETURNING *)
       SELECT d.*, NULL AS region_name, NULL AS region_level FROM d`,
      [
        input.number, input.kind, input.regionCode, input.year, input.period ?? null, input.sha256, input.dataSha256,
        input.byteSize, input.issuedAt?.toISOString() ?? null, input.issuedBy?.id ?? null, input.issuedBy?.fullName ?? 'Sistem',
        input.documentKey ?? null, input.storageKey ?? null, input.title ?? null,
      ],
    );
    const doc = toIssued(row);
    const answer = await this.runner.run(input.issuedBy, async () => ({
      body: doc,
      audit: {
        action: 'document.issue',
        entity: 'document',
        entityId: doc.number,
        regionCode: doc.regionCode,
        after: { number: doc.number, kind: doc.kind, year: doc.year, period: doc.period, sha256: doc.sha256, dataSha256: doc.dataSha256, byteSize: doc.byteSize },
      },
    }), { manager });
    return answer.body;
  }

  /** Marks a reserved number void with the reason (audit event 'document.void'): its PDF was never issued. */
  async voidNumber(ref: DocumentRef, number: string, reason: string, by: AuthUser | null): Promise<void> {
    const why = reason.trim().slice(0, 1000) || 'tanpa keterangan';
    await this.runner.run(by, async (m) => {
      await m.query(
        `INSERT INTO document_void (number, kind, region_code, year, reason, voided_by, voided_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [number, ref.kind, ref.regionCode, ref.year, why, by?.id ?? null, by?.fullName ?? 'Sistem'],
      );
      return {
        body: undefined,
        audit: { action: 'document.void', entity: 'document', entityId: number, regionCode: ref.regionCode, after: { number, kind: ref.kind, year: ref.year }, reason: why },
      };
    });
  }

  /**
   * reserve → render → register, each step on its own: the counter's row lock is released before the render
   * starts, and no pool connection waits on it. A failed render voids the number and the error goes on.
   */
  async issuePdf(
    ref: DocumentRef,
    issuedBy: AuthUser | null,
    render: (number: string, issuedAt: Date) => Promise<{ pdf: Buffer; dataSha256: string }>,
  ): Promise<IssuePdfResult> {
    // The reservation alone is no event: the number's fate is, as 'document.issue' or 'document.void'.
    const { body: number } = await this.runner.run(issuedBy, async (m) => ({ body: await this.reserveNumber(m, ref), audit: [] }));
    // Milliseconds dropped: what the PDF prints and what the registry keeps are the same instant.
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    let rendered: { pdf: Buffer; dataSha256: string };
    try {
      rendered = await render(number, issuedAt);
    } catch (e) {
      await this.voidNumber(ref, number, `Gagal membuat PDF: ${e instanceof Error ? e.message : String(e)}`, issuedBy);
      throw e;
    }
    const { pdf, dataSha256 } = rendered;
    const sha256 = sha256Hex(pdf);
    await this.runner.run(issuedBy, async (m) => ({
      body: await this.register(m, { ...ref, number, sha256, dataSha256, byteSize: pdf.length, issuedBy, issuedAt }),
      audit: [],
    }));
    return { number, pdf, sha256, issuedAt };
  }

  /**
   * Which periods have a document of `kind` issued, for every region under `regionCode` (itself included) and a year:
   * the latest number of each. Out of the caller's scope answers like missing.
   */
  async issuedPeriods(user: AuthUser, kind: DocumentKind, regionCode: string, year: number): Promise<Array<{ regionCode: string; period: string; number: string; issuedAt: string }>> {
    if (!this.scope.canAccess(user, regionCode)) throw REGION_ERRORS.error('REGION_NOT_FOUND', regionCode);
    const rows = await this.repo.issuedPeriods(kind, regionCode, year);
    return rows.map((r) => ({ regionCode: r.region_code, period: r.period, number: r.number, issuedAt: new Date(r.issued_at).toISOString() }));
  }

  /** GET /api/documents/:number — out of the caller's scope answers like missing. */
  async get(user: AuthUser, number: string): Promise<DocumentDto> {
    const [row]: DocumentRow[] = parseDocumentNumber(number) ? await this.repo.byNumber(number) : [];
    if (!row || !this.scope.canAccess(user, row.region_code)) {
      throw DOCUMENT_ERRORS.error('DOCUMENT_NOT_FOUND', number);
    }
    return this.withAudit(toDto(row));
  }

  private async withAudit(d: Omit<DocumentDto, 'audit'>): Promise<DocumentDto> {
    const c = await this.checkpoints.coverage('document', d.number, 'document.issue');
    return { ...d, audit: c && { partition: c.partition, seq: c.seq, checkpoint: c.checkpoint } };
  }

  /** A registry row counts only with the document.issue event that vouches for the same bytes. */
  private async vouched(number: string, sha256: string): Promise<boolean> {
    const c = await this.checkpoints.coverage('document', number, 'document.issue');
    return (c?.after as { sha256?: string } | null)?.sha256 === sha256;
  }

  /** GET /api/public/documents/:number — the public facts of a document, for anyone holding its number. */
  async publicFacts(number: string): Promise<PublicDocumentDto> {
    const [row] = parseDocumentNumber(number) ? await this.repo.publicByNumber(number) : [];
    if (!row) throw DOCUMENT_ERRORS.error('DOCUMENT_NOT_FOUND', number);
    return toPublic(row);
  }

  /** POST /api/public/documents/verify — were these exact bytes issued, and which document are they? */
  async publicVerify(upload: PdfUpload): Promise<PublicVerifyDto> {
    const [row] = await this.repo.publicBySha256(upload.sha256);
    return { valid: !!row, sha256: upload.sha256, byteSize: upload.byteSize, document: row ? toPublic(row) : null };
  }

  /**
   * Were these exact bytes issued? The bytes are the proof, so any role may ask; the registry details are shown
   * only inside the caller's scope, elsewhere just what the bytes themselves carry (number, hash, issue time).
   */
  async verify(user: AuthUser, upload: PdfUpload): Promise<DocumentVerifyDto> {
    const [row]: DocumentRow[] = await this.repo.bySha256(upload.sha256);
    // A row written behind the application's back (no issuance event with these bytes) vouches for nothing.
    if (!row || !(await this.vouched(row.number, row.sha256))) return { valid: false, sha256: upload.sha256, byteSize: upload.byteSize, document: null };
    const document = this.scope.canAccess(user, row.region_code)
      ? await this.withAudit(toDto(row))
      : { number: row.number, sha256: row.sha256, issuedAt: row.issued_at.toISOString(), restricted: true as const };
    return { valid: true, sha256: upload.sha256, byteSize: upload.byteSize, document };
  }
}

function assertRef(ref: DocumentRef): void {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(ref.kind)) throw new Error(`unknown document kind ${ref.kind}`);
  formatDocumentNumber(ref.regionCode, ref.year, 1); // throws on a bad region code or year
}

function toIssued(r: DocumentRow): IssuedDocument {
  return {
    number: r.number,
    kind: r.kind,
    regionCode: r.region_code,
    year: r.year,
    period: r.period,
    sha256: r.sha256,
    dataSha256: r.data_sha256,
    byteSize: r.byte_size,
    issuedAt: new Date(r.issued_at).toISOString(),
    issuedById: r.issued_by,
    issuedBy: r.issued_by_name,
  };
}

function toDto(r: DocumentRow): Omit<DocumentDto, 'audit'> {
  const d = toIssued(r);
  return {
    number: d.number,
    kind: d.kind,
    region: { code: r.region_code, name: r.region_name ?? r.region_code, level: r.region_level ?? null },
    year: d.year,
    period: d.period,
    sha256: d.sha256,
    dataSha256: d.dataSha256,
    byteSize: d.byteSize,
    issuedAt: d.issuedAt,
    issuedBy: d.issuedBy,
  };
}

const LEVEL_WORD: Record<string, string> = { kelurahan: 'Kelurahan', kecamatan: 'Kecamatan' };

/** "Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang": who issued it, as its kop reads. */
export function issuingOffice(office: Array<{ level: string; name: string }> | null): string {
  return (office ?? []).map((r) => (LEVEL_WORD[r.level] ? `${LEVEL_WORD[r.level]} ${r.name}` : r.name)).join(', ');
}

function toPublic(r: PublicDocumentRow): PublicDocumentDto {
  return {
    number: r.number,
    kind: r.kind,
    title: r.title ?? '',
    regionCode: r.region_code,
    year: r.year,
    period: r.period,
    issuedAt: new Date(r.issued_at).toISOString(),
    issuingOffice: issuingOffice(r.office),
    sha256: r.sha256,
    fingerprint: r.data_sha256,
    status: r.superseded_by ? 'superseded' : 'valid',
    supersededBy: r.superseded_by,
  };
}

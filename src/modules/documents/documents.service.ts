import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { notFound } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { RegionScopeService } from '../regions/region-scope.service';
import { DOCUMENT_KINDS, DocumentKind, formatDocumentNumber, parseDocumentNumber } from './document-number';
import type { DocumentDto, DocumentVerifyDto, PublicDocumentDto, PublicVerifyDto } from './documents.dto';
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
  /** From reserveNumber, in the same transaction. */
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

interface DocumentRow {
  number: string;
  kind: DocumentKind;
  region_code: string;
  region_name: string | null;
  region_level: string | null;
  year: number;
  period: string | null;
  sha256: string;
  data_sha256: string;
  byte_size: number;
  issued_at: Date;
  issued_by: string | null;
  issued_by_name: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const SELECT = `SELECT d.number, d.kind, d.region_code, r.name AS region_name, r.level AS region_level, d.year, d.period,
                       d.sha256, d.data_sha256, d.byte_size, d.issued_at, d.issued_by, d.issued_by_name
                  FROM issued_document d LEFT JOIN region r ON r.code = d.region_code`;

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The registry of issued PDFs. For the reports module, in ONE transaction:
 *   const number = await documents.reserveNumber(m, ref);          // print it on the PDF
 *   ...render the PDF with that number (and issuedAt)...
 *   await documents.register(m, { ...ref, number, sha256, dataSha256, byteSize, issuedBy, issuedAt });
 * or simply `documents.issuePdf(m, ref, issuedBy, render)`, then send the bytes with `X-Document-Number`.
 * The running number is gapless per region and year: its counter row stays locked until the transaction ends,
 * so keep reserve → render → register short and commit right after.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: RegionScopeService,
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
    const doc = await this.insertIssued(manager, input);
    await this.audit.record(manager, { actor: input.issuedBy, ...issueAuditEvent(doc) });
    return doc;
  }

  /** The registry row of a reserved number, without its audit event (for a caller whose mutation records it). */
  async insertIssued(manager: EntityManager, input: RegisterDocumentInput & { documentKey?: string; storageKey?: string; title?: string }): Promise<IssuedDocument> {
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
    return toIssued(row);
  }

  /** reserveNumber → render(number, issuedAt) → register, in the caller's transaction. */
  async issuePdf(
    manager: EntityManager,
    ref: DocumentRef,
    issuedBy: AuthUser | null,
    render: (number: string, issuedAt: Date) => Promise<{ pdf: Buffer; dataSha256: string }>,
  ): Promise<IssuePdfResult> {
    const number = await this.reserveNumber(manager, ref);
    // Milliseconds dropped: what the PDF prints and what the registry keeps are the same instant.
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const { pdf, dataSha256 } = await render(number, issuedAt);
    const sha256 = sha256Hex(pdf);
    await this.register(manager, { ...ref, number, sha256, dataSha256, byteSize: pdf.length, issuedBy, issuedAt });
    return { number, pdf, sha256, issuedAt };
  }

  /** GET /api/documents/:number — out of the caller's scope answers like missing. */
  async get(user: AuthUser, number: string): Promise<DocumentDto> {
    const [row]: DocumentRow[] = parseDocumentNumber(number) ? await this.db.query(`${SELECT} WHERE d.number = $1`, [number]) : [];
    if (!row || !this.scope.canAccess(user, row.region_code)) {
      throw notFound('DOCUMENT_NOT_FOUND', `Dokumen ${number} tidak ditemukan`);
    }
    return toDto(row);
  }

  /** GET /api/public/documents/:number — the public facts of a document, for anyone holding its number. */
  async publicFacts(number: string): Promise<PublicDocumentDto> {
    const [row]: PublicRow[] = parseDocumentNumber(number) ? await this.db.query(`${PUBLIC_SELECT} WHERE d.number = $1`, [number]) : [];
    if (!row) throw notFound('DOCUMENT_NOT_FOUND', `Dokumen ${number} tidak ditemukan`);
    return toPublic(row);
  }

  /** POST /api/public/documents/verify — were these exact bytes issued, and which document are they? */
  async publicVerify(upload: PdfUpload): Promise<PublicVerifyDto> {
    const [row]: PublicRow[] = await this.db.query(`${PUBLIC_SELECT} WHERE d.sha256 = $1`, [upload.sha256]);
    return { valid: !!row, sha256: upload.sha256, byteSize: upload.byteSize, document: row ? toPublic(row) : null };
  }

  /**
   * Were these exact bytes issued? The bytes are the proof, so any role may ask; the registry details are shown
   * only inside the caller's scope, elsewhere just what the bytes themselves carry (number, hash, issue time).
   */
  async verify(user: AuthUser, upload: PdfUpload): Promise<DocumentVerifyDto> {
    const [row]: DocumentRow[] = await this.db.query(`${SELECT} WHERE d.sha256 = $1`, [upload.sha256]);
    if (!row) return { valid: false, sha256: upload.sha256, byteSize: upload.byteSize, document: null };
    const document = this.scope.canAccess(user, row.region_code)
      ? toDto(row)
      : { number: row.number, sha256: row.sha256, issuedAt: row.issued_at.toISOString(), restricted: true as const };
    return { valid: true, sha256: upload.sha256, byteSize: upload.byteSize, document };
  }
}

/** The audit event of an issued document (its actor is the mutation's). */
export function issueAuditEvent(doc: IssuedDocument) {
  return {
    action: 'document.issue',
    entity: 'document',
    entityId: doc.number,
    regionCode: doc.regionCode,
    after: { number: doc.number, kind: doc.kind, year: doc.year, period: doc.period, sha256: doc.sha256, dataSha256: doc.dataSha256, byteSize: doc.byteSize },
  };
}

interface PublicRow {
  number: string;
  kind: DocumentKind;
  title: string | null;
  region_code: string;
  year: number;
  period: string | null;
  issued_at: Date;
  sha256: string;
  data_sha256: string;
  superseded_by: string | null;
  office: Array<{ level: string; name: string }> | null;
}

// The document with what replaced it and the names of its region and the regions above it (for the issuing office).
const PUBLIC_SELECT = `
  SELECT d.number, d.kind, d.title, d.region_code, d.year, d.period, d.issued_at, d.sha256, d.data_sha256,
         s.superseded_by,
         (SELECT json_agg(json_build_object('level', r.level, 'name', r.name) ORDER BY length(r.code) DESC)
            FROM region r
           WHERE r.code IN (d.region_code, left(d.region_code, 8), left(d.region_code, 5)) AND r.level <> 'provinsi') AS office
    FROM issued_document d
    LEFT JOIN document_supersession s ON s.number = d.number`;

const LEVEL_WORD: Record<string, string> = { kelurahan: 'Kelurahan', kecamatan: 'Kecamatan' };

/** "Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang": who issued it, as printed in the kop. */
export function issuingOffice(office: Array<{ level: string; name: string }> | null): string {
  return (office ?? []).map((r) => (LEVEL_WORD[r.level] ? `${LEVEL_WORD[r.level]} ${r.name}` : r.name)).join(', ');
}

function toPublic(r: PublicRow): PublicDocumentDto {
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

function toDto(r: DocumentRow): DocumentDto {
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

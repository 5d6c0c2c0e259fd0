import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { parseUuid } from '../../common/ids/uuid';
import { readUpload, type UploadedFile, megabytes } from '../../common/upload/file-upload';
import { MutationRunner } from '../../database/mutation-runner';
import { violatedConstraint } from '../../database/pg-errors';
import { EVIDENCE_KINDS, loadBooksSettings, requiredEvidence, type EvidenceKind } from '../books/books-settings';
import { RegionScopeService } from '../regions/region-scope.service';
import { FileDownload } from '../reports/file-download';
import type { SpendingEntryDto } from '../spending/spending.dto';
import { SpendingService } from '../spending/spending.service';
import type { EvidenceDto, EvidenceLimitsDto, EvidenceListDto } from './evidence.dto';
import { EvidenceCoverageQuery, lackingEvidence } from './evidence-coverage.query';
import { EVIDENCE_ERRORS } from './evidence.errors';
import { REGION_ERRORS } from '../regions/regions.errors';
import { levelOfCode } from '../regions/region-code';
import { EVIDENCE_MEDIA_TYPES, makeThumbnail, nameMatches, sniffMediaType } from './evidence-media';
import { contentKey, EVIDENCE_STORAGE, type EvidenceStorage, thumbnailKey } from './evidence-storage';
import { createHash } from 'node:crypto';

interface EvidenceRow {
  id: string;
  spending_entry_id: string;
  kelurahan_code: string;
  kind: EvidenceKind;
  file_name: string;
  media_type: string;
  byte_size: number;
  sha256: string;
  storage_key: string;
  thumbnail_key: string | null;
  supersedes_id: string | null;
  supersede_reason: string | null;
  superseded_by_id: string | null;
  uploaded_at: Date;
  uploaded_by: string;
}

const SELECT = `SELECT v.id, v.spending_entry_id, v.kelurahan_code, v.kind, v.file_name, v.media_type, v.byte_size, v.sha256, v.storage_key,
                       v.thumbnail_key, v.supersedes_id, v.supersede_reason, s.id AS superseded_by_id, v.uploaded_at, v.uploaded_by
                  FROM evidence v LEFT JOIN evidence s ON s.supersedes_id = v.id`;

const toDto = (r: EvidenceRow): EvidenceDto => ({
  id: r.id, spendingEntryId: r.spending_entry_id, kind: r.kind, fileName: r.file_name, mediaType: r.media_type, byteSize: r.byte_size,
  sha256: r.sha256, hasThumbnail: r.thumbnail_key !== null, supersedesId: r.supersedes_id, supersedeReason: r.supersede_reason,
  supersededById: r.superseded_by_id, uploadedAt: new Date(r.uploaded_at).toISOString(), uploadedBy: r.uploaded_by,
});

/** Per kelurahan: how many live payments there are and which of them lack evidence their checklist requires. */
export interface EvidenceGaps {
  kelurahanCode: string;
  payments: number;
  lacking: number;
  /** kind → number of payments lacking it */
  missingKinds: Partial<Record<EvidenceKind, number>>;
  /** up to five payments lacking evidence (spending entry ids), for a reviewer to open */
  examples: string[];
}

const invalid = (field: string, message: string, constraint?: string) =>
  COMMON_ERRORS.error('VALIDATION_FAILED', [field]).with([{ field, message, ...(constraint ? { constraint } : {}) }]);

type EvidenceFile = Pick<UploadedFile, 'filename' | 'bytes' | 'byteSize' | 'sha256'>;

/** A file that passed every check of `prepare`, with what storing it needs. */
export interface PreparedEvidence {
  kind: EvidenceKind;
  fileName: string;
  mediaType: string;
  thumb: Buffer | null;
  supersedesId: string | null;
  reason: string | null;
}
const missing = () => EVIDENCE_ERRORS.error('EVIDENCE_NOT_FOUND');

/**
 * Evidence behind payments. Bytes are stored by content address before the row is written (no lock is held while
 * a file travels), then the row and its audit event commit together; a row is never changed, a wrong file is
 * superseded by a new one with a reason.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly scope: RegionScopeService,
    private readonly spending: SpendingService,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    private readonly coverage: EvidenceCoverageQuery,
  ) {}

  /**
   * Payments of `region` ('' for every region) and `year` lacking evidence the Pemda's checklist (books.json)
   * requires, per kelurahan in the caller's scope; only kelurahan with at least one live payment are listed.
   */
  async gapsByKelurahan(user: AuthUser, region: string, year: number): Promise<EvidenceGaps[]> {
    const out = new Map<string, EvidenceGaps>();
    for (const p of await this.coverage.payments(region, year)) {
      if (!this.scope.canAccess(user, p.kelurahanCode)) continue;
      let g = out.get(p.kelurahanCode);
      if (!g) out.set(p.kelurahanCode, (g = { kelurahanCode: p.kelurahanCode, payments: 0, lacking: 0, missingKinds: {}, examples: [] }));
      g.payments++;
      const lacking = lackingEvidence(p);
      if (!lacking.length) continue;
      g.lacking++;
      if (g.examples.length < 5) g.examples.push(p.id);
      for (const r of lacking) g.missingKinds[r.kind] = (g.missingKinds[r.kind] ?? 0) + 1;
    }
    return [...out.values()];
  }

  limits(user: AuthUser, kelurahanCode: string | undefined): EvidenceLimitsDto {
    const maxBytes = loadBooksSettings(kelurahanCode ?? user.regionCode).evidence.maxBytes;
    return { maxBytes, maxLabel: megabytes(maxBytes), mediaTypes: [...EVIDENCE_MEDIA_TYPES], kinds: [...EVIDENCE_KINDS] };
  }

  async upload(user: AuthUser, spendingId: string, req: FastifyRequest): Promise<EvidenceDto> {
    const entry = await this.spending.get(user, spendingId);
    if (entry.reversesId !== null) throw EVIDENCE_ERRORS.error('EVIDENCE_ON_REVERSAL');
    const { maxBytes } = loadBooksSettings(entry.kelurahanCode).evidence;
    const { file, fields } = await readUpload(req, { maxBytes });
    return this.attach(user, entry, file, fields);
  }

  /** Checks, stores and records one file for a payment (the upload route and the demo seed both come here). */
  async attach(user: AuthUser, entry: SpendingEntryDto, file: EvidenceFile, fields: Record<string, string>): Promise<EvidenceDto> {
    if (entry.reversesId !== null) throw EVIDENCE_ERRORS.error('EVIDENCE_ON_REVERSAL');
    return this.store(user, entry, file, await this.prepare(file, fields));
  }

  /**
   * Every check of a file and its form, before anything is stored: the fields, the content's type against its name,
   * a PDF's end, an image that decodes (its thumbnail). A page that books a payment with its file checks first, so a
   * file refused here never leaves a payment without the evidence it came with.
   */
  async prepare(file: EvidenceFile, fields: Record<string, string>): Promise<PreparedEvidence> {
    const unknown = Object.keys(fields).filter((k) => !['kind', 'supersedesId', 'reason'].includes(k));
    if (unknown.length) throw invalid(unknown[0], `kolom ${unknown[0]} tidak dikenal`);
    const kind = fields.kind as EvidenceKind;
    if (!(EVIDENCE_KINDS as readonly string[]).includes(kind)) throw invalid('kind', `kind harus salah satu dari ${EVIDENCE_KINDS.join(', ')}`, 'isIn');
    let supersedesId: string | null = null;
    let reason: string | null = null;
    if (fields.supersedesId !== undefined) {
      supersedesId = parseUuid(fields.supersedesId);
      if (!supersedesId) throw invalid('supersedesId', 'supersedesId harus UUID bukti yang diganti');
      reason = fields.reason?.trim() || null;
      if (!reason) throw invalid('reason', 'alasan wajib diisi');
    } else if (fields.reason !== undefined) {
      throw invalid('reason', 'reason hanya untuk penggantian (isi supersedesId)');
    }
    // Path separators and control characters never reach a stored name.
    const fileName = [...file.filename].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 ? '_' : ch)).join('').slice(0, 200) || 'berkas';

    const sniffed = await sniffMediaType(file.bytes);
    if (!sniffed.mediaType) {
      throw EVIDENCE_ERRORS.error('EVIDENCE_TYPE_NOT_ALLOWED').with([{ field: 'file', message: 'isi berkas bukan JPEG, PNG atau PDF', detected: sniffed.detected }]);
    }
    if (!nameMatches(fileName, sniffed.mediaType)) {
      throw EVIDENCE_ERRORS.error('EVIDENCE_NAME_MISMATCH', fileName, sniffed.mediaType).with([
        { field: 'file', message: `nama berkas tidak sesuai isi (${sniffed.mediaType})`, detected: sniffed.mediaType },
      ]);
    }
    if (sniffed.mediaType === 'application/pdf' && !file.bytes.subarray(-1024).toString('latin1').includes('%%EOF')) {
      throw EVIDENCE_ERRORS.error('EVIDENCE_UNREADABLE').with([{ field: 'file', message: 'PDF terpotong (tanpa penutup %%EOF)' }]);
    }
    let thumb: Buffer | null;
    try {
      thumb = await makeThumbnail(file.bytes, sniffed.mediaType);
    } catch {
      throw EVIDENCE_ERRORS.error('EVIDENCE_UNREADABLE').with([{ field: 'file', message: 'gambar rusak atau terpotong' }]);
    }
    return { kind, fileName, mediaType: sniffed.mediaType, thumb, supersedesId, reason };
  }

  /** Stores a prepared file (by content address, outside any lock) and records it for the payment with its event. */
  async store(user: AuthUser, entry: SpendingEntryDto, file: EvidenceFile, prepared: PreparedEvidence): Promise<EvidenceDto> {
    if (entry.reversesId !== null) throw EVIDENCE_ERRORS.error('EVIDENCE_ON_REVERSAL');
    const { kind, fileName, mediaType, thumb, supersedesId, reason } = prepared;

    // Content-addressed: the same bytes land on the same key, so a retried or repeated upload writes nothing new.
    const key = contentKey(file.sha256);
    await this.storage.put(key, file.bytes, mediaType);
    const thumbKey = thumb ? thumbnailKey(file.sha256) : null;
    if (thumb && thumbKey) await this.storage.put(thumbKey, thumb, 'image/jpeg');

    const done = await this.runner.run(user, async (m) => {
      if (supersedesId) {
        const [old]: Array<{ spending_entry_id: string }> = await m.query('SELECT spending_entry_id FROM evidence WHERE id = $1', [supersedesId]);
        if (!old || old.spending_entry_id !== entry.id) throw invalid('supersedesId', 'bukti yang diganti tidak ada pada pembayaran ini');
      }
      let id: string;
      try {
        [{ id }] = await m.query(
          `INSERT INTO evidence (spending_entry_id, kelurahan_code, year, kind, file_name, media_type, byte_size, sha256, storage_key, thumbnail_key,
                                 supersedes_id, supersede_reason, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
          [entry.id, entry.kelurahanCode, entry.year, kind, fileName, mediaType, file.byteSize, file.sha256, key, thumbKey, supersedesId, reason, user.id],
        );
      } catch (e) {
        if (violatedConstraint(e) === 'evidence_supersedes_uq') throw EVIDENCE_ERRORS.error('EVIDENCE_ALREADY_SUPERSEDED').with([{ field: 'supersedesId', message: 'sudah diganti' }]);
        throw e;
      }
      const [row]: EvidenceRow[] = await m.query(`${SELECT} WHERE v.id = $1`, [id]);
      const body = toDto(row);
      return {
        body,
        audit: {
          action: supersedesId ? 'evidence.supersede' : 'evidence.upload', entity: 'evidence', entityId: id, regionCode: entry.kelurahanCode,
          after: { ...body, spendingEntryId: entry.id }, reason,
        },
      };
    });
    return done.body;
  }

  async list(user: AuthUser, spendingId: string): Promise<EvidenceListDto> {
    return this.listFor(await this.spending.get(user, spendingId));
  }

  /** The files and checklist of a payment the caller already holds (read through SpendingService, in scope). */
  async listFor(entry: SpendingEntryDto): Promise<EvidenceListDto> {
    const rows: EvidenceRow[] = await this.db.query(`${SELECT} WHERE v.spending_entry_id = $1 ORDER BY v.seq`, [entry.id]);
    const items = rows.map(toDto);
    return { items, total: items.length, ...checklist(entry, items) };
  }

  /**
   * The payments of a kelurahan and year that lack evidence the checklist asks for (reversed payments and reversals
   * need none), each with its checklist; one query for the evidence of all of them.
   */
  async missing(user: AuthUser, kelurahanCode: string, year: number): Promise<Array<{ entry: SpendingEntryDto; required: ReturnType<typeof checklist>['required']; missing: string[] }>> {
    const entries: SpendingEntryDto[] = [];
    for (let page = 1; ; page++) {
      const got = await this.spending.list(user, { region: kelurahanCode, year, kind: 'entries', page, pageSize: 500 });
      entries.push(...got.items);
      if (entries.length >= got.total || !got.items.length) break;
    }
    const open = entries.filter((e) => e.reversedById === null);
    const rows: EvidenceRow[] = open.length ? await this.db.query(`${SELECT} WHERE v.spending_entry_id = ANY($1::uuid[]) ORDER BY v.seq`, [open.map((e) => e.id)]) : [];
    const byEntry = new Map<string, EvidenceDto[]>();
    for (const r of rows) byEntry.set(r.spending_entry_id, [...(byEntry.get(r.spending_entry_id) ?? []), toDto(r)]);
    return open
      .map((entry) => ({ entry, ...checklist(entry, byEntry.get(entry.id) ?? []) }))
      .filter((x) => !x.complete)
      .map(({ entry, required, missing: kinds }) => ({ entry, required, missing: kinds }));
  }

  /**
   * Per kelurahan and month under a region in the caller's scope: how many payments there are and how many still
   * lack evidence the Pemda's checklist asks for (a kelurahan or month without payments is absent).
   */
  async missingByMonth(user: AuthUser, regionCode: string, year: number): Promise<Array<{ kelurahanCode: string; month: number; payments: number; incomplete: number }>> {
    if (!levelOfCode(regionCode) || !this.scope.canAccess(user, regionCode)) throw REGION_ERRORS.error('REGION_NOT_FOUND', regionCode);
    const out = new Map<string, { kelurahanCode: string; month: number; payments: number; incomplete: number }>();
    for (const p of await this.coverage.payments(regionCode, year)) {
      const key = `${p.kelurahanCode}|${p.month}`;
      const cell = out.get(key) ?? { kelurahanCode: p.kelurahanCode, month: p.month, payments: 0, incomplete: 0 };
      cell.payments += 1;
      if (lackingEvidence(p).length) cell.incomplete += 1;
      out.set(key, cell);
    }
    return [...out.values()];
  }

  async get(user: AuthUser, id: string): Promise<EvidenceDto> {
    return toDto(await this.row(user, id));
  }

  /** The stored bytes, checked against the SHA-256 kept for them. */
  async content(user: AuthUser, id: string): Promise<FileDownload> {
    const row = await this.row(user, id);
    const bytes = await this.storage.get(row.storage_key);
    if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw new Error(`evidence ${row.id}: stored bytes do not match their SHA-256`);
    return new FileDownload(bytes, row.media_type, row.file_name, { 'X-Content-SHA256': row.sha256 });
  }

  async thumbnail(user: AuthUser, id: string): Promise<FileDownload> {
    const row = await this.row(user, id);
    if (!row.thumbnail_key) throw missing();
    return new FileDownload(await this.storage.get(row.thumbnail_key), 'image/jpeg', `thumb-${row.sha256.slice(0, 12)}.jpg`);
  }

  private async row(user: AuthUser, id: string): Promise<EvidenceRow> {
    const uuid = parseUuid(id);
    const [row]: EvidenceRow[] = uuid ? await this.db.query(`${SELECT} WHERE v.id = $1`, [uuid]) : [];
    if (!row || !this.scope.canAccess(user, row.kelurahan_code)) throw missing();
    return row;
  }
}

/** What the Pemda's checklist asks of this payment, and which kinds have no evidence in force (not superseded). */
export function checklist(entry: Pick<SpendingEntryDto, 'kelurahanCode' | 'accountCode' | 'amount' | 'reversesId'>, items: EvidenceDto[]) {
  const rules = loadBooksSettings(entry.kelurahanCode).evidence.checklist;
  const needed = entry.reversesId ? [] : requiredEvidence(rules, entry.accountCode, entry.amount);
  const inForce = new Set(items.filter((i) => i.supersededById === null).map((i) => i.kind));
  const required = needed.map((n) => ({ kind: n.kind, note: n.note, present: inForce.has(n.kind) }));
  const missingKinds = required.filter((r) => !r.present).map((r) => r.kind);
  return { required, missing: missingKinds, complete: missingKinds.length === 0 };
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { MutationRunner, type AuditEvent } from '../../database/mutation-runner';
import { DocumentsService, sha256Hex, type DocumentRef } from './documents.service';
import { FILE_STORAGE, type FileStorage } from './storage/file-storage';

/** A document to issue: what it is, the fingerprint of its figures, and how to draw it once it has a number. */
export interface IssueRequest {
  ref: DocumentRef;
  /**
   * What makes two requests the same document: kind, region, year, period (and plan version). The same key with
   * the same fingerprint is the same document; with another fingerprint, a new one that supersedes the old.
   */
  key: string;
  /** SHA-256 of the figures (modelFingerprint), printed on the document. */
  fingerprint: string;
  title: string;
  issuedBy: AuthUser | null;
  /** Draws the final bytes (QR and fingerprint in, signature last) for this number and issue time. */
  render: (number: string, issuedAt: Date) => Promise<Buffer>;
}

export interface IssuedFile {
  number: string;
  pdf: Buffer;
  sha256: string;
  issuedAt: Date;
  /** true when these are the stored bytes of an earlier issue of the same figures. */
  reused: boolean;
  /** The number this issue superseded, if any. */
  supersedes: string | null;
}

interface CurrentRow {
  number: string;
  sha256: string;
  data_sha256: string;
  storage_key: string | null;
  issued_at: Date;
}

// The newest issue of a key that nothing has superseded yet.
const CURRENT_SQL = `
  SELECT d.number, d.sha256, d.data_sha256, d.storage_key, d.issued_at
    FROM issued_document d
   WHERE d.document_key = $1 AND NOT EXISTS (SELECT 1 FROM document_supersession s WHERE s.number = d.number)
   ORDER BY d.issued_at DESC, d.number DESC
   LIMIT 1`;

export const storageKeyOf = (sha256: string) => `documents/${sha256.slice(0, 2)}/${sha256}.pdf`;

/**
 * One number per document. The same document asked for again with the same figures is the stored file with its
 * number, byte for byte; changed figures get a new number, and the old one is marked superseded by it.
 *
 * No lock or transaction is held while drawing: the number is reserved (and committed) first, the PDF drawn and
 * stored, then registered in one mutation that re-checks the key under an advisory lock. A number whose drawing
 * failed, or that lost a race to an identical issue, is recorded void, so the numbering stays gapless.
 */
@Injectable()
export class DocumentIssuanceService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly documents: DocumentsService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /** The stored bytes of the current issue of `key` when its figures are `fingerprint`; null otherwise. */
  async stored(key: string, fingerprint: string, manager?: EntityManager): Promise<IssuedFile | null> {
    const [row]: CurrentRow[] = await (manager ?? this.db.manager).query(CURRENT_SQL, [key]);
    if (!row || row.data_sha256 !== fingerprint || !row.storage_key) return null;
    const pdf = await this.storage.find(row.storage_key);
    // A file missing from the store (or not the bytes registered) is issued anew rather than served wrong.
    if (!pdf || sha256Hex(pdf) !== row.sha256) return null;
    return { number: row.number, pdf, sha256: row.sha256, issuedAt: new Date(row.issued_at), reused: true, supersedes: null };
  }

  /** The stored bytes of an issued document by its number (null when it has none stored). */
  async file(number: string): Promise<Buffer | null> {
    const [row]: Array<{ sha256: string; storage_key: string | null }> = await this.db.query(
      'SELECT sha256, storage_key FROM issued_document WHERE number = $1',
      [number],
    );
    if (!row?.storage_key) return null;
    const pdf = await this.storage.find(row.storage_key);
    return pdf && sha256Hex(pdf) === row.sha256 ? pdf : null;
  }

  async issue(req: IssueRequest): Promise<IssuedFile> {
    const existing = await this.stored(req.key, req.fingerprint);
    if (existing) return existing;

    // The reservation alone is no event: the number's fate is, as 'document.issue' or 'document.void'.
    const { body: number } = await this.runner.run(req.issuedBy, async (m) => ({ body: await this.documents.reserveNumber(m, req.ref), audit: [] }));
    // Milliseconds dropped: what the PDF prints and what the registry keeps are the same instant.
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

    let pdf: Buffer;
    try {
      pdf = await req.render(number, issuedAt);
    } catch (err) {
      await this.documents.voidNumber(req.ref, number, `Gagal membuat PDF: ${err instanceof Error ? err.message : String(err)}`, req.issuedBy);
      throw err;
    }
    const sha256 = sha256Hex(pdf);
    const storageKey = storageKeyOf(sha256);
    await this.storage.put(storageKey, pdf, 'application/pdf');

    type Outcome = { won: boolean; number: string; supersedes: string | null };
    const done = await this.runner.run<Outcome>(req.issuedBy, async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7310))', [req.key]);
      const [current]: CurrentRow[] = await m.query(CURRENT_SQL, [req.key]);
      if (current && current.data_sha256 === req.fingerprint) {
        // Someone issued these figures while this copy was drawn: theirs stands, this number is voided below.
        return { body: { won: false, number: current.number, supersedes: null }, audit: [] };
      }
      // register() appends 'document.issue' in this transaction.
      await this.documents.register(m, {
        ...req.ref,
        number,
        sha256,
        dataSha256: req.fingerprint,
        byteSize: pdf.length,
        issuedBy: req.issuedBy,
        issuedAt,
        documentKey: req.key,
        storageKey,
        title: req.title,
      });
      const events: AuditEvent[] = [];
      if (current) {
        await m.query('INSERT INTO document_supersession (number, superseded_by) VALUES ($1, $2)', [current.number, number]);
        events.push({
          action: 'document.supersede',
          entity: 'document',
          entityId: current.number,
          regionCode: req.ref.regionCode,
          after: { number: current.number, supersededBy: number, dataSha256: req.fingerprint },
        });
      }
      return { body: { won: true, number, supersedes: current?.number ?? null }, audit: events };
    });
    if (!done.body.won) {
      await this.documents.voidNumber(req.ref, number, `Dokumen dengan angka yang sama sudah terbit sebagai ${done.body.number}`, req.issuedBy);
      const theirs = await this.stored(req.key, req.fingerprint);
      if (theirs) return theirs;
      throw new Error(`document ${done.body.number} was issued concurrently but its file is not in the store`);
    }
    return { number, pdf, sha256, issuedAt, reused: false, supersedes: done.body.supersedes };
  }
}

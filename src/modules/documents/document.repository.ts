import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentKind } from './document-number';

export interface DocumentRow {
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

const SELECT = `SELECT d.number, d.kind, d.region_code, r.name AS region_name, r.level AS region_level, d.year, d.period,
                       d.sha256, d.data_sha256, d.byte_size, d.issued_at, d.issued_by, d.issued_by_name
                  FROM issued_document d LEFT JOIN region r ON r.code = d.region_code`;

export interface PublicDocumentRow {
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

// The document with what replaced it and the names of its region and the regions above it (the issuing office).
const PUBLIC_SELECT = `
  SELECT d.number, d.kind, d.title, d.region_code, d.year, d.period, d.issued_at, d.sha256, d.data_sha256,
         s.superseded_by,
         (SELECT json_agg(json_build_object('level', r.level, 'name', r.name) ORDER BY length(r.code) DESC)
            FROM region r
           WHERE r.code IN (d.region_code, left(d.region_code, 8), left(d.region_code, 5)) AND r.level <> 'provinsi') AS office
    FROM issued_document d
    LEFT JOIN document_supersession s ON s.number = d.number`;

/** Reads of the registry as the API shows it, with the name and level of the region a document reports on. */
@Injectable()
export class DocumentRepository {
  constructor(private readonly db: DataSource) {}

  async byNumber(number: string): Promise<DocumentRow[]> {
    return this.db.query(`${SELECT} WHERE d.number = $1`, [number]);
  }

  async bySha256(sha256: string): Promise<DocumentRow[]> {
    return this.db.query(`${SELECT} WHERE d.sha256 = $1`, [sha256]);
  }

  async publicByNumber(number: string): Promise<PublicDocumentRow[]> {
    return this.db.query(`${PUBLIC_SELECT} WHERE d.number = $1`, [number]);
  }

  async publicBySha256(sha256: string): Promise<PublicDocumentRow[]> {
    return this.db.query(`${PUBLIC_SELECT} WHERE d.sha256 = $1`, [sha256]);
  }

  /** The latest document of a kind per region and period, for every region under `regionCode` (itself included). */
  async issuedPeriods(kind: DocumentKind, regionCode: string, year: number): Promise<Array<{ region_code: string; period: string; number: string; issued_at: Date }>> {
    return this.db.query(
      `SELECT DISTINCT ON (region_code, period) region_code, period, number, issued_at FROM issued_document
        WHERE kind = $1 AND (region_code = $2 OR region_code LIKE $2 || '.%') AND year = $3 AND period IS NOT NULL
        ORDER BY region_code, period, issued_at DESC, number DESC`,
      [kind, regionCode, year],
    );
  }
}

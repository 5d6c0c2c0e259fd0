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
}

import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { ImportResult, RegionsService } from './regions.service';

/** The CLI path of the region import: the same service as the HTTP endpoint, without the Nest container. */
export async function importRegionsFile(ds: DataSource, file: string, kabkota?: string): Promise<ImportResult> {
  const service = new RegionsService(ds, new AuditService());
  try {
    return await service.import(fs.createReadStream(file), { kabkota, actor: null });
  } catch (e) {
    if (e instanceof AppError) {
      const lines = e.details.map((d) => `  baris ${d.line ?? '-'}${d.field ? ` (${d.field})` : ''}: ${d.message}`);
      throw new Error(`${e.message}\n${lines.join('\n')}`);
    }
    throw e;
  }
}

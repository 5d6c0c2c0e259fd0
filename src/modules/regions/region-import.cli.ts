import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { MutationRunner } from '../../database/mutation-runner';
import { AuditService } from '../audit/audit.service';
import { RegionScopeService } from './region-scope.service';
import { ImportResult, RegionsService } from './regions.service';

/** The region service outside the Nest container (command line, benchmarks). */
export function standaloneRegionsService(ds: DataSource): RegionsService {
  return new RegionsService(ds, new MutationRunner(ds, new AuditService()), new RegionScopeService());
}

/** The CLI path of the region import: the same service as the HTTP endpoint, without the Nest container. */
export async function importRegionsFile(ds: DataSource, file: string, kabkota?: string): Promise<ImportResult> {
  const service = standaloneRegionsService(ds);
  try {
    return await service.import(fs.createReadStream(file), { kabkota, actor: null });
  } catch (e) {
    if (e instanceof AppError) {
      const lines = e.details.map((d) => `  baris ${d.line ?? '-'}${d.field ? ` (${d.field})` : ''}: ${d.message}`);
      throw new Error(`${e.message}\n${lines.join('\n')}`, { cause: e });
    }
    throw e;
  }
}

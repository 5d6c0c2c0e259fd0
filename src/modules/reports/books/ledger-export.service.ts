import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../common/auth/auth-user';
import { COMMON_ERRORS } from '../../../common/errors/common.errors';
import { RegionScopeService } from '../../regions/region-scope.service';
import { RegionsService } from '../../regions/regions.service';
import type { ListSpendingQueryDto } from '../../spending/spending.dto';
import { FileDownload } from '../file-download';
import { ledgerCsv, ledgerExportLines, ledgerXlsx } from './ledger-export';
import { LedgerExportRepository } from './ledger-export.repository';

// An export is a file a person opens; beyond this many rows, narrow the filters.
export const LEDGER_EXPORT_MAX_ROWS = 100_000;

@Injectable()
export class LedgerExportService {
  constructor(
    private readonly repo: LedgerExportRepository,
    private readonly scope: RegionScopeService,
    private readonly regions: RegionsService,
  ) {}

  async csv(user: AuthUser, q: ListSpendingQueryDto): Promise<FileDownload> {
    return new FileDownload(ledgerCsv(await this.lines(user, q)), 'text/csv; charset=utf-8', `realisasi-${q.region ?? 'lingkup'}-${q.year ?? 'semua'}.csv`);
  }

  async xlsx(user: AuthUser, q: ListSpendingQueryDto): Promise<FileDownload> {
    const xlsx = await ledgerXlsx(await this.lines(user, q), new Date());
    return new FileDownload(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `realisasi-${q.region ?? 'lingkup'}-${q.year ?? 'semua'}.xlsx`);
  }

  private async lines(user: AuthUser, q: ListSpendingQueryDto) {
    if (q.region !== undefined) {
      const missing = () => COMMON_ERRORS.error('NOT_FOUND');
      if (!this.scope.canAccess(user, q.region)) throw missing();
      await this.regions.get(q.region);
    }
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      throw COMMON_ERRORS.error('VALIDATION_FAILED', ['to']).with([{ field: 'to', message: 'to tidak boleh sebelum from' }]);
    }
    return ledgerExportLines(await this.repo.rows(user, q, LEDGER_EXPORT_MAX_ROWS));
  }
}

import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { BookPeriodService } from '../books/book-period.service';
import { EvidenceService } from '../evidence/evidence.service';
import type { RiskRow } from './flag-risk';
import { FlagFilter, FlagsService, RiskBooksSource } from './flags.service';

/**
 * The Inspektorat's risk ranking with every part: open flags and absorption from early warning, missing evidence
 * from the evidence module, late month closes from the bendahara's books. A module of its own, since evidence
 * reaches plans (and plans reach flags) through spending.
 */
@Injectable()
export class FlagsRiskService {
  constructor(
    private readonly flags: FlagsService,
    private readonly evidence: EvidenceService,
    private readonly periods: BookPeriodService,
  ) {}

  async risk(user: AuthUser, q: FlagFilter): Promise<RiskRow[]> {
    return this.flags.risk(user, q, this.books(user, q));
  }

  /** Flags, absorption and the full risk ranking from one detection (the early-warning page). */
  async overview(user: AuthUser, q: FlagFilter) {
    return this.flags.overview(user, q, this.books(user, q));
  }

  private books(user: AuthUser, q: FlagFilter): RiskBooksSource {
    return async (region) => {
      const [gaps, closes] = await Promise.all([
        this.evidence.gapsByKelurahan(user, region, q.year),
        this.periods.closeTimeliness(user, region, q.year, q.asOf),
      ]);
      return { evidence: new Map(gaps.map((g) => [g.kelurahanCode, g])), closes: new Map(closes.map((c) => [c.kelurahanCode, c])) };
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { formatRupiah, money } from '../../common/money/rupiah';
import { MutationRunner } from '../../database/mutation-runner';
import { RegionScopeService } from '../regions/region-scope.service';
import { RegionsService } from '../regions/regions.service';
import {
  absorptionFlag, AbsorptionCheck, checkAbsorption, DetectedFlag, flagId, LineInput, outlierFlags, parseFlagId, priceFlags, questionableFlags,
} from './flag-rules';
import { DetectionScope, FlagsDetectionQuery } from './flags-detection.query';
import { FLAG_KINDS, FlagKind, FlagsConfig, kabkotaOf, loadFlagsConfig } from './flags-config';
import { rankRisk, RiskBooks, RiskRow } from './flag-risk';
import { FLAG_ERRORS } from './flags.errors';
import { buildFlagsXlsx } from './flags-export';
import { FileDownload } from '../reports/file-download';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
import { StandardPricesService } from './standard-prices.service';

export const FLAG_STATUSES = ['open', 'explained', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export interface FlagView {
  id: string;
  kind: FlagKind;
  regionCode: string;
  year: number;
  planId?: string;
  planLineId?: string;
  spendingId?: string;
  message: string;
  status: FlagStatus;
  details: Record<string, unknown>;
  reason: string | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
}

export interface Detection {
  flags: DetectedFlag[];
  absorption: AbsorptionCheck[];
}

/** Reads the books' parts of the risk score for a visible region ('' = everywhere). */
export type RiskBooksSource = (region: string) => Promise<RiskBooks>;

export interface FlagFilter {
  region?: string;
  year: number;
  kind?: FlagKind;
  status?: FlagStatus;
  asOf?: Date;
}

interface ReviewRow {
  id: string;
  status: 'explained' | 'resolved';
  reason: string | null;
  resolution_note: string | null;
  resolved_at: Date | null;
}

/**
 * Early warning. Flags are computed from plans and the ledger each time they are asked for (so they follow every
 * change at once); the `flag` table keeps only what people said about them: the lurah's reason, the camat's
 * resolution. Statistics and thresholds are per kab/kota (templates/<kode>/flags.json).
 */
@Injectable()
export class FlagsService {
  constructor(
    private readonly db: DataSource,
    private readonly detection: FlagsDetectionQuery,
    private readonly prices: StandardPricesService,
    private readonly regions: RegionsService,
    private readonly scope: RegionScopeService,
    private readonly runner: MutationRunner,
  ) {}

  /**
   * Every flag under `region` ('' or null: everywhere) for `year`. A kab/kota or anything below it is read as one
   * region range; above that, the kab/kota sharing one configuration are read in one pass each. Statistics and
   * rules always apply per kab/kota, with its own configuration.
   */
  async detect(region: string | null, year: number, asOf: Date = new Date()): Promise<Detection> {
    const kabkotas = await this.detection.kabkotasWithPlans(region, year);
    const inside = (code: string) => !region || code === region || code.startsWith(`${region}.`);
    const batches = new Map<string, { cfg: FlagsConfig; kabkotas: string[] }>();
    for (const k of kabkotas) {
      const cfg = loadFlagsConfig(k);
      const key = JSON.stringify([cfg.duplicateReceipts, cfg.splitPurchases]);
      const batch = batches.get(key);
      if (batch) batch.kabkotas.push(k);
      else batches.set(key, { cfg, kabkotas: [k] });
    }
    const flags: DetectedFlag[] = [];
    const absorption: AbsorptionCheck[] = [];
    for (const { cfg, kabkotas: group } of batches.values()) {
      const scope: DetectionScope = group.length === 1 ? group[0] : group;
      const d = await this.detectBatch(scope, group, year, asOf, cfg);
      flags.push(...d.flags.filter((f) => inside(f.regionCode)));
      absorption.push(...d.absorption.filter((a) => inside(a.kelurahanCode)));
    }
    return { flags, absorption };
  }

  /** One read of each source for `scope`; plan-line rules per kab/kota with its configuration, ledger rules with `shared`. */
  private async detectBatch(scope: DetectionScope, kabkotas: string[], year: number, asOf: Date, shared: FlagsConfig): Promise<Detection> {
    const byKabkota = new Map<string, LineInput[]>(kabkotas.map((k) => [k, []]));
    for (const r of await this.detection.planLines(scope, year)) {
      byKabkota.get(r.kelurahan_code.slice(0, 5))?.push({
        lineId: r.line_id, planId: r.plan_id, kelurahanCode: r.kelurahan_code, description: r.description,
        accountCode: r.account_code, unit: r.unit, unitPrice: money(r.unit_price),
      });
    }
    const items = await this.prices.itemsForMany(kabkotas, year);
    const flags: DetectedFlag[] = [];
    for (const [kabkota, lines] of byKabkota) {
      const cfg = loadFlagsConfig(kabkota);
      flags.push(
        ...priceFlags(lines, items.get(kabkota) ?? new Map(), year),
        ...outlierFlags(lines, cfg.priceOutlier, year),
        ...questionableFlags(lines, cfg.questionableUses, year),
      );
    }
    const cfg = shared;
    for (const d of await this.detection.duplicates(scope, year, cfg.duplicateReceipts)) {
      const how = d.how === 'number' ? `nomor bukti "${d.label}"` : `penerima, jumlah dan tanggal yang sama (${d.label})`;
      flags.push({
        id: flagId(d.kelurahan_code, year, 'DUPLICATE_RECEIPT', `${d.how}|${d.label.trim().toLowerCase()}`),
        kind: 'DUPLICATE_RECEIPT', regionCode: d.kelurahan_code, year, planId: d.plan_ids[0], spendingId: d.ids[1] ?? d.ids[0],
        message: `${d.ids.length} entri realisasi dengan ${how}`,
        details: { how: d.how, spendingIds: d.ids, amounts: d.amounts.map(Number), dates: d.dates },
      });
    }
    for (const s of await this.detection.splits(scope, year, cfg.splitPurchases.windowDays, cfg.splitPurchases.thresholds)) {
      const threshold = money(s.threshold);
      flags.push({
        id: flagId(s.kelurahan_code, year, 'SPLIT_PURCHASE', `${s.payee.trim().toLowerCase()}|${threshold}`),
        kind: 'SPLIT_PURCHASE', regionCode: s.kelurahan_code, year, planId: s.plan_id, spendingId: s.ids[s.ids.length - 1],
        message:
          `${s.n} pembelian dari "${s.payee}" dalam ${cfg.splitPurchases.windowDays} hari (${s.first_on} s.d. ${s.last_on}) berjumlah ${formatRupiah(money(s.total))}, ` +
          `masing-masing di bawah ${formatRupiah(threshold)}: kemungkinan pemecahan pembelian`,
        details: { payee: s.payee, threshold, total: money(s.total), biggest: money(s.biggest), count: s.n, from: s.first_on, to: s.last_on, spendingIds: s.ids },
      });
    }
    const absorption = (await this.detection.absorption(scope, year)).map((r) => {
      const tahapCfg = loadFlagsConfig(r.kelurahan_code.slice(0, 5)).absorption;
      const monthly = new Array<number>(12).fill(0);
      for (const [month, amount] of r.months) monthly[month - 1] += money(amount);
      return checkAbsorption({ kelurahanCode: r.kelurahan_code, name: r.name, planId: r.plan_id, budget: money(r.budget), monthly }, tahapCfg, year, asOf);
    });
    for (const a of absorption) {
      const f = absorptionFlag(a, year);
      if (f) flags.push(f);
    }
    return { flags, absorption };
  }

  /** Flags in the caller's scope (region defaults to the caller's own), with their review state, filtered. */
  async list(user: AuthUser, q: FlagFilter): Promise<FlagView[]> {
    const region = q.region ?? user.regionCode;
    if (region) await this.regions.assertVisible(user, region);
    const { flags } = await this.detect(region, q.year, q.asOf);
    const views = await this.withReviews(flags.filter((f) => !q.kind || f.kind === q.kind));
    return views
      .filter((v) => !q.status || v.status === q.status)
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || FLAG_KINDS.indexOf(a.kind) - FLAG_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));
  }

  async absorption(user: AuthUser, q: FlagFilter & { atRisk?: boolean }): Promise<AbsorptionCheck[]> {
    const region = q.region ?? user.regionCode;
    if (region) await this.regions.assertVisible(user, region);
    const { absorption } = await this.detect(region, q.year, q.asOf);
    return absorption.filter((a) => q.atRisk === undefined || a.atRisk === q.atRisk).sort((a, b) => b.lagPoints - a.lagPoints || a.kelurahanCode.localeCompare(b.kelurahanCode));
  }

  /**
   * Kelurahan of the region ranked by risk score, each score explained by its parts (flag-risk.ts). `books`
   * (evidence gaps and month closes, read by FlagsRiskService from their modules) is asked for once the region is
   * known to be visible.
   */
  async risk(user: AuthUser, q: FlagFilter, books?: RiskBooksSource): Promise<RiskRow[]> {
    return (await this.overview(user, q, books)).risk;
  }

  /** The flags (filtered as `list`), the absorption checks and the risk ranking of a region from one detection. */
  async overview(user: AuthUser, q: FlagFilter, books?: RiskBooksSource): Promise<{ flags: FlagView[]; absorption: AbsorptionCheck[]; risk: RiskRow[] }> {
    const region = q.region ?? user.regionCode;
    if (region) await this.regions.assertVisible(user, region);
    const { flags, absorption } = await this.detect(region, q.year, q.asOf);
    const views = await this.withReviews(flags);
    const open = views.filter((f) => f.status !== 'resolved');
    const names = await this.detection.kelurahanNames(region ?? '');
    const cfg = loadFlagsConfig(region ? kabkotaOf(region) ?? region.slice(0, 2) : null);
    const risk = rankRisk(names, open, absorption, cfg.risk, books ? await books(region ?? '') : undefined);
    const listed = views
      .filter((v) => (!q.kind || v.kind === q.kind) && (!q.status || v.status === q.status))
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || FLAG_KINDS.indexOf(a.kind) - FLAG_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));
    const sortedAbsorption = [...absorption].sort((a, b) => b.lagPoints - a.lagPoints || a.kelurahanCode.localeCompare(b.kelurahanCode));
    return { flags: listed, absorption: sortedAbsorption, risk };
  }

  /** The flags of `q` in the caller's scope as the auditor's workbook (GET /api/flags/export.xlsx and the web page). */
  async workbook(user: AuthUser, q: FlagFilter): Promise<FileDownload> {
    const all = await this.list(user, q);
    const region = q.region ?? user.regionCode ?? '';
    const names = await this.detection.kelurahanNames(region);
    const body = await buildFlagsXlsx(all, { region, year: q.year }, names);
    return new FileDownload(body, XLSX_TYPE, `peringatan-${region || 'nasional'}-${q.year}.xlsx`);
  }

  /** The flags of one plan (its lines and its spending), with their review state; the caller has read the plan. */
  async ofPlan(user: AuthUser, plan: { id: string; kelurahanCode: string; year: number }): Promise<FlagView[]> {
    return (await this.list(user, { region: plan.kelurahanCode, year: plan.year })).filter((f) => f.planId === plan.id);
  }

  /**
   * Open (not resolved) flags per child region of `region` (kab/kota → kecamatan → kelurahan), for a dashboard's
   * count beside each row. It runs the whole detection of the region, so ask once per page, not per row.
   */
  async countOpenByRegion(user: AuthUser, region: string, year: number, asOf?: Date): Promise<Map<string, number>> {
    await this.regions.assertVisible(user, region);
    const childLength = region.length === 2 ? 5 : region.length === 5 ? 8 : 13;
    const { flags } = await this.detect(region, year, asOf);
    const out = new Map<string, number>();
    for (const f of await this.withReviews(flags)) {
      if (f.status === 'resolved' || !this.scope.canAccess(user, f.regionCode)) continue;
      const child = f.regionCode.slice(0, childLength);
      out.set(child, (out.get(child) ?? 0) + 1);
    }
    return out;
  }

  private async withReviews(flags: DetectedFlag[]): Promise<FlagView[]> {
    const rows: ReviewRow[] = flags.length
      ? await this.db.query('SELECT id, status, reason, resolution_note, resolved_at FROM flag WHERE id = ANY($1::text[])', [flags.map((f) => f.id)])
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return flags.map((f) => {
      const r = byId.get(f.id);
      return {
        ...f,
        status: r?.status ?? 'open',
        reason: r?.reason ?? null,
        resolutionNote: r?.resolution_note ?? null,
        resolvedAt: r?.resolved_at ? new Date(r.resolved_at).toISOString() : null,
      };
    });
  }

  /** The flag with this id as detection finds it now, in the caller's scope; 404 otherwise (malformed, gone, out of scope). */
  private async find(user: AuthUser, id: string): Promise<FlagView> {
    const where = parseFlagId(id);
    if (!where || !this.scope.canAccess(user, where.kelurahanCode)) throw FLAG_ERRORS.error('FLAG_NOT_FOUND');
    const { flags } = await this.detect(where.kelurahanCode, where.year);
    const flag = flags.find((f) => f.id === id);
    if (!flag) throw FLAG_ERRORS.error('FLAG_NOT_FOUND');
    const [view] = await this.withReviews([flag]);
    return view;
  }

  /** The camat closes a flag with a note (audited); once resolved it stays resolved (409). */
  async resolve(user: AuthUser, id: string, note: string): Promise<FlagView> {
    const flag = await this.find(user, id);
    const text = note.trim();
    const answer = await this.runner.run(user, async (m) => {
      const [locked]: Array<{ status: string }> = await m.query('SELECT status FROM flag WHERE id = $1 FOR UPDATE', [id]);
      if (locked?.status === 'resolved') throw FLAG_ERRORS.error('FLAG_ALREADY_RESOLVED');
      const [row]: Array<{ resolved_at: Date }> = await m.query(
        `INSERT INTO flag (id, kind, kelurahan_code, year, status, resolution_note, resolved_by, resolved_at)
         VALUES ($1, $2, $3, $4, 'resolved', $5, $6, now())
         ON CONFLICT (id) DO UPDATE SET status = 'resolved', resolution_note = $5, resolved_by = $6, resolved_at = now()
         RETURNING resolved_at`,
        [id, flag.kind, flag.regionCode, flag.year, text, user.id],
      );
      const body: FlagView = { ...flag, status: 'resolved', resolutionNote: text, resolvedAt: new Date(row.resolved_at).toISOString() };
      return {
        body,
        audit: {
          action: 'flag.resolve', entity: 'flag', entityId: id, regionCode: flag.regionCode,
          before: { status: flag.status, kind: flag.kind, message: flag.message }, after: { status: 'resolved' }, reason: text,
        },
      };
    });
    return answer.body;
  }

  /** The lurah gives the reason a flag asks for (e.g. a price above the estimate); audited; not after resolution. */
  async explain(user: AuthUser, id: string, reason: string): Promise<FlagView> {
    const flag = await this.find(user, id);
    const text = reason.trim();
    const answer = await this.runner.run(user, async (m) => {
      const [locked]: Array<{ status: string }> = await m.query('SELECT status FROM flag WHERE id = $1 FOR UPDATE', [id]);
      if (locked?.status === 'resolved') throw FLAG_ERRORS.error('FLAG_ALREADY_RESOLVED');
      await m.query(
        `INSERT INTO flag (id, kind, kelurahan_code, year, status, reason, reason_by, reason_at)
         VALUES ($1, $2, $3, $4, 'explained', $5, $6, now())
         ON CONFLICT (id) DO UPDATE SET reason = $5, reason_by = $6, reason_at = now()`,
        [id, flag.kind, flag.regionCode, flag.year, text, user.id],
      );
      return {
        body: { ...flag, status: 'explained' as const, reason: text },
        audit: { action: 'flag.explain', entity: 'flag', entityId: id, regionCode: flag.regionCode, before: { status: flag.status }, after: { status: 'explained' }, reason: text },
      };
    });
    return answer.body;
  }
}

import * as fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import { FLAG_KINDS } from '../../src/modules/flags/flags-config';
import { FlagsDetectionQuery } from '../../src/modules/flags/flags-detection.query';
import { FlagsService } from '../../src/modules/flags/flags.service';
import { StandardPricesService } from '../../src/modules/flags/standard-prices.service';
import { standaloneRegionsService } from '../../src/modules/regions/region-import.cli';
import { fmtMs, median, scratchDatabase, timeIt } from './bench-db';
import { writeReport } from './report';

// `npm run bench -- flags`: every flag for the national region data with 250,000 plan lines and 2 M ledger rows.
// FLAGS_BENCH_SCALE=0.1 runs a 10× smaller data set (25,000 lines, 200,000 rows) on the same code.
const SCALE = Number(process.env.FLAGS_BENCH_SCALE ?? '1');
const LINES = Math.round(250_000 * SCALE);
const LEDGER = Math.round(2_000_000 * SCALE);
const YEAR = 2025;
const AS_OF = new Date('2025-12-31T00:00:00Z');
const ROUNDS = Number(process.env.FLAGS_BENCH_ROUNDS ?? '3');
const ACCOUNTS = 24;
const PAYEES = 41;

const log = (msg: string) => console.log(`[flags bench] ${msg}`);

/** Regions through the real import; then plans, lines and the ledger set-based, with a few planted anomalies (also the web bench's national data). */
export async function load(
  ds: DataSource,
  lineCount = LINES,
  ledgerRows = LEDGER,
): Promise<{ kelurahan: number; lines: number; ledger: number }> {
  await standaloneRegionsService(ds).import(fs.createReadStream(NATIONAL_REGION_FILE), { actor: null });
  const [user] = await ds.query(`INSERT INTO app_user (username, password_hash, full_name, role) VALUES ('bench.flags', 'x', 'Bench', 'admin') RETURNING id`);
  await ds.query(`INSERT INTO allocation (year, kelurahan_code, amount) SELECT $1, code, 1000000000 FROM region WHERE level = 'kelurahan'`, [YEAR]);
  await ds.transaction(async (m) => {
    await m.query(`INSERT INTO plan (kelurahan_code, year, latest_version, in_force_version) SELECT code, $1, 1, 1 FROM region WHERE level = 'kelurahan'`, [YEAR]);
    await m.query(`INSERT INTO plan_version (plan_id, version, status, approved_at) SELECT id, 1, 'approved', now() FROM plan`);
  });
  const [{ k }] = await ds.query(`SELECT count(*)::int AS k FROM plan`);
  const perKelurahan = Math.ceil(lineCount / k);
  // rn numbers the lines 1..N, so ledger row s lands on line 1 + s % N without a random join.
  await ds.query(`DROP TABLE IF EXISTS bench_line`);
  await ds.query(`
    CREATE TABLE bench_line AS
    SELECT * FROM (
      SELECT gen_random_uuid() AS id, p.id AS plan_id, p.kelurahan_code, g AS n,
             (CASE WHEN g % 3 = 0 THEN 'pemberdayaan' ELSE 'sarpras' END)::text AS category,
             row_number() OVER (ORDER BY p.kelurahan_code, g)::int AS rn
        FROM plan p CROSS JOIN generate_series(1, ${perKelurahan}) g) x
    WHERE rn <= ${lineCount}`);
  await ds.query(`CREATE UNIQUE INDEX bench_line_rn ON bench_line (rn)`);
  await ds.query(`INSERT INTO plan_line (id, plan_id, kelurahan_code, year) SELECT id, plan_id, kelurahan_code, $1 FROM bench_line`, [YEAR]);
  // Unit prices: a base per kode rekening with ±8 % noise; every 4,999th line ×6 (a mark-up) and every 7,001st a festival.
  await ds.query(`
    INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit, unit_price, amount)
    SELECT plan_id, 1, id, n, category, CASE WHEN category = 'sarpras' THEN 'A1' ELSE 'B1' END,
           CASE WHEN rn % 7001 = 0 THEN 'Festival budaya kelurahan' ELSE 'Kegiatan nomor ' || (n % ${ACCOUNTS}) END,
           '5.1.02.01.01.' || lpad((n % ${ACCOUNTS})::text, 4, '0'), 10, 'PAKET', price, 10 * price
      FROM (SELECT b.*, ((100000 + (n % ${ACCOUNTS}) * 25000) * (0.92 + ((hashint4(rn) & 65535) / 65535.0) * 0.16)
                        * CASE WHEN rn % 4999 = 0 THEN 6 ELSE 1 END)::bigint AS price
              FROM bench_line b) s`);
  await ds.query(`
    UPDATE plan_version v SET total = s.t, total_sarpras = s.sp, total_pemberdayaan = s.pb
    FROM (SELECT plan_id, sum(amount) AS t, coalesce(sum(amount) FILTER (WHERE category = 'sarpras'), 0) AS sp,
                 coalesce(sum(amount) FILTER (WHERE category = 'pemberdayaan'), 0) AS pb
          FROM plan_line_version GROUP BY plan_id) s
    WHERE v.plan_id = s.plan_id`);
  const [{ l }] = await ds.query(`SELECT count(*)::int AS l FROM bench_line`);
  // The ledger: 41 payees per kelurahan, dates over the year, each receipt its own number but every 99,991st (a duplicate).
  const CHUNK = 500_000;
  for (let a = 0; a < ledgerRows; a += CHUNK) {
    const b = Math.min(ledgerRows, a + CHUNK);
    await ds.query(
      `INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, account_code, spent_on, amount, description, payee, evidence_no, created_by)
       SELECT l.id, l.plan_id, l.kelurahan_code, $3, l.category, '5.1.02.01.01.' || lpad((l.n % ${ACCOUNTS})::text, 4, '0'),
              make_date($3, 1, 1) + ((hashint4(s) & 2147483647) % 365),
              100000 + (hashint4(s * 31) & 1048575),
              'Belanja bench', 'Penyedia ' || (hashint4(s * 7) & 2147483647) % ${PAYEES},
              'KW-' || CASE WHEN s % 99991 = 0 THEN s - $5 ELSE s END, $4
         FROM generate_series($1::int, $2::int - 1) s JOIN bench_line l ON l.rn = 1 + s % $5`,
      [a, b, YEAR, user.id, l],
    );
    log(`ledger ${b.toLocaleString('en')} rows`);
  }
  await ds.query(`
    INSERT INTO plan_line_month_total (plan_line_id, month, amount, entry_count)
    SELECT plan_line_id, extract(month FROM spent_on)::smallint, sum(amount), count(*) FROM spending_entry GROUP BY 1, 2`);
  await ds.query(`
    INSERT INTO kelurahan_month_total (kelurahan_code, year, month, category, amount, entry_count)
    SELECT kelurahan_code, year, extract(month FROM spent_on)::smallint, category, sum(amount), count(*) FROM spending_entry GROUP BY 1, 2, 3, 4`);
  await ds.query(`
    UPDATE plan_line pl SET spent = s.s, entry_count = s.c
    FROM (SELECT plan_line_id, sum(amount) AS s, count(*)::int AS c FROM spending_entry GROUP BY 1) s WHERE pl.id = s.plan_line_id`);
  for (const t of ['spending_entry', 'plan_line', 'plan_line_version', 'plan', 'plan_version', 'kelurahan_month_total']) await ds.query(`VACUUM ANALYZE ${t}`);
  const [{ e }] = await ds.query(`SELECT count(*)::int AS e FROM spending_entry`);
  return { kelurahan: k, lines: l, ledger: e };
}

/**
 * The plain SQL the detection rests on, national, in one pass each: the latest lines with the per-group median of
 * their unit price, the live ledger grouped by receipt number, the payee windows, and the month totals.
 */
async function baseline(ds: DataSource): Promise<number> {
  const [a] = await ds.query(`
    SELECT count(*) AS n FROM (
      SELECT left(p.kelurahan_code, 5), lv.account_code, lv.unit, percentile_cont(0.5) WITHIN GROUP (ORDER BY lv.unit_price)
        FROM plan p JOIN plan_line_version lv ON lv.plan_id = p.id AND lv.version = p.latest_version
       WHERE p.year = $1 GROUP BY 1, 2, 3) g`, [YEAR]);
  const [b] = await ds.query(`
    SELECT count(*) AS n FROM (
      SELECT e.kelurahan_code, lower(btrim(e.evidence_no)) FROM spending_entry e
       WHERE e.year = $1 AND e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reverses_id = e.id)
       GROUP BY 1, 2 HAVING count(*) > 1) g`, [YEAR]);
  const [c] = await ds.query(`
    SELECT count(*) AS n FROM (
      SELECT sum(amount) OVER (PARTITION BY kelurahan_code, lower(btrim(payee)) ORDER BY spent_on RANGE BETWEEN '13 days'::interval PRECEDING AND CURRENT ROW) AS w
        FROM spending_entry WHERE year = $1) g WHERE w >= 2000000`, [YEAR]);
  const [d] = await ds.query(`SELECT count(*) AS n FROM (SELECT kelurahan_code, month, sum(amount) FROM kelurahan_month_total WHERE year = $1 GROUP BY 1, 2) g`, [YEAR]);
  return Number(a.n) + Number(b.n) + Number(c.n) + Number(d.n);
}

export async function run(): Promise<void> {
  const db = await scratchDatabase('dk_bench_flags');
  const ds = db.ds;
  try {
    const t0 = Date.now();
    const size = await load(ds);
    const loadSeconds = (Date.now() - t0) / 1000;
    log(`${size.kelurahan} kelurahan, ${size.lines} lines, ${size.ledger} ledger rows loaded in ${loadSeconds.toFixed(0)} s`);

    const detection = new FlagsDetectionQuery(ds);
    // detect() reads only; the write-side collaborators are not needed here.
    const prices = new StandardPricesService(ds, null as never, null as never);
    const service = new FlagsService(ds, detection, prices, null as never, null as never, null as never);

    const base: number[] = [];
    const flags: number[] = [];
    let counts: Record<string, number> = {};
    await baseline(ds); // warm the cache for both
    for (let i = 0; i < ROUNDS; i++) {
      base.push(await timeIt(() => baseline(ds)));
      let found = 0;
      flags.push(await timeIt(async () => {
        const d = await service.detect(null, YEAR, AS_OF);
        found = d.flags.length;
        counts = Object.fromEntries(FLAG_KINDS.map((k) => [k, d.flags.filter((f) => f.kind === k).length]));
      }));
      log(`round ${i + 1}: baseline ${fmtMs(base[i])} ms, all flags ${fmtMs(flags[i])} ms (${found} flags)`);
    }
    const b = median(base);
    const f = median(flags);
    const md = [
      `## Flags: every early warning, national (${SCALE === 1 ? 'full size' : `scale ${SCALE}`})`,
      '',
      `${size.kelurahan.toLocaleString('en')} kelurahan, ${size.lines.toLocaleString('en')} plan lines, ${size.ledger.toLocaleString('en')} ledger rows; loaded set-based in ${loadSeconds.toFixed(0)} s. Median of ${ROUNDS} rounds.`,
      '',
      '| what | ms | ratio |',
      '| --- | ---: | ---: |',
      `| plain SQL aggregates it rests on (medians per group, receipt groups, payee windows, month totals; national, one query each) | ${fmtMs(b)} | 1.00 |`,
      `| all flags (FlagsService.detect: standard prices, outliers per kab/kota, questionable use, duplicates, splits, absorption) | ${fmtMs(f)} | ${(f / b).toFixed(2)} |`,
      '',
      `Flags found: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
      '',
      `Command: \`${SCALE === 1 ? '' : `FLAGS_BENCH_SCALE=${SCALE} `}npm run bench -- flags\`${SCALE === 1 ? '' : ' (full size: `npm run bench -- flags`)'}.`,
    ].join('\n');
    writeReport(SCALE === 1 ? 'flags' : `flags-scale-${SCALE}`, md);
  } finally {
    await db.drop();
  }
}

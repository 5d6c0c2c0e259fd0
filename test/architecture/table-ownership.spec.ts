import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * One owner per table. Every table has exactly one owning module; only that module's files may write it (INSERT,
 * UPDATE, DELETE, TRUNCATE) or lock it (SELECT … FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE). Reading another
 * module's table (FROM/JOIN) happens only in a repository or query file (`*.repository.ts`, `*.query.ts`),
 * never in a service, controller or guard. Test fixtures go through the services: no helper writes the ledger or
 * the running totals by hand.
 */
export const OWNER: Record<string, string> = {
  region: 'regions',
  app_user: 'users',
  audit_event: 'audit',
  audit_partition: 'audit',
  audit_checkpoint: 'audit',
  audit_checkpoint_head: 'audit',
  allocation: 'allocations',
  allocation_history: 'allocations',
  allocation_source: 'allocations',
  plan: 'plans',
  plan_version: 'plans',
  plan_line: 'plans',
  plan_line_version: 'plans',
  spending_entry: 'spending',
  plan_line_month_total: 'spending',
  kelurahan_month_total: 'spending',
  document_counter: 'documents',
  issued_document: 'documents',
  document_void: 'documents',
  document_supersession: 'documents',
  idempotency_key: 'database',
  login_attempt: 'auth',
  standard_price: 'flags',
  flag: 'flags',
  web_session: 'auth',
  spending_evidence_no: 'spending',
  cash_fund_entry: 'books',
  cash_posting: 'books',
  cash_account: 'books',
  tax_line: 'books',
  tax_deposit: 'books',
  tax_balance: 'books',
  book_period: 'books',
  book_period_event: 'books',
  evidence: 'evidence',
};

const ROOT = path.resolve(__dirname, '../..');
const TABLES = Object.keys(OWNER).sort((a, b) => b.length - a.length);
const TABLE = `(${TABLES.join('|')})\\b`;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

/** The module a source file belongs to: src/modules/<m>/…, or the top folder under src (database, common, web …). */
function moduleOf(file: string): string {
  const rel = path.relative(path.join(ROOT, 'src'), file).split(path.sep);
  return rel[0] === 'modules' ? rel[1] : rel[0];
}

const isReadSide = (file: string) => /\.(repository|query)\.ts$/.test(file);

// Every string literal of a file (template literals included): SQL lives in them, comments do not count.
function literals(source: string): string[] {
  const out: string[] = [];
  const re = /`(?:\\[\s\S]|\$\{(?:[^{}]|\{[^{}]*\})*\}|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g;
  for (const m of source.matchAll(re)) out.push(m[0]);
  return out;
}

export interface Finding {
  file: string;
  table: string;
  what: 'write' | 'lock' | 'read';
}

export function findings(file: string, source: string): Finding[] {
  const mine = moduleOf(file);
  const rel = path.relative(ROOT, file);
  const out: Finding[] = [];
  for (const sql of literals(source)) {
    const foreign = (t: string) => OWNER[t] !== mine;
    for (const m of sql.matchAll(new RegExp(`\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+${TABLE}`, 'g'))) {
      if (foreign(m[1])) out.push({ file: rel, table: m[1], what: 'write' });
    }
    const read = [...sql.matchAll(new RegExp(`\\b(?:FROM|JOIN)\\s+${TABLE}`, 'g'))].map((m) => m[1]);
    if (/\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE)\b/.test(sql)) {
      for (const t of read) if (foreign(t)) out.push({ file: rel, table: t, what: 'lock' });
    } else if (!isReadSide(file)) {
      for (const t of read) if (foreign(t)) out.push({ file: rel, table: t, what: 'read' });
    }
  }
  // An entity is a table too: another module's entity is used only on the read side.
  // (a type-only import is no use of the table; the DataSource's entity list names them all.)
  const entityImports = rel === 'src/database/entities.ts' ? [] : source.matchAll(/^import (?!type )[^;]*from '((?:\.\.\/)+(?:modules\/)?([\w-]+)\/[\w-]+\.entity)'/gm);
  for (const m of entityImports) {
    const owner = m[2];
    if (owner !== mine && !isReadSide(file)) out.push({ file: rel, table: `${owner} entity`, what: 'read' });
  }
  return [...new Map(out.map((f) => [`${f.file} ${f.what} ${f.table}`, f])).values()];
}

describe('one owner per table', () => {
  it('knows an owner for every table the migrations create', () => {
    const created = new Set<string>();
    for (const f of fs.readdirSync(path.join(ROOT, 'migrations'))) {
      for (const m of fs.readFileSync(path.join(ROOT, 'migrations', f), 'utf8').matchAll(/CREATE TABLE (\w+)/g)) created.add(m[1]);
    }
    expect([...created].sort()).toEqual(Object.keys(OWNER).sort());
  });

  it('finds what it looks for (the rule itself can fail)', () => {
    const plans = path.join(ROOT, 'src/modules/plans/x.service.ts');
    expect(findings(plans, "q(`UPDATE spending_entry SET a = 1`); q('SELECT 1 FROM region r JOIN app_user u ON true')")).toEqual([
      { file: 'src/modules/plans/x.service.ts', table: 'spending_entry', what: 'write' },
      { file: 'src/modules/plans/x.service.ts', table: 'region', what: 'read' },
      { file: 'src/modules/plans/x.service.ts', table: 'app_user', what: 'read' },
    ]);
    const repo = path.join(ROOT, 'src/modules/plans/plan.query.ts');
    expect(findings(repo, "q(`SELECT * FROM region JOIN plan ON true`); q(`SELECT 1 FROM allocation FOR UPDATE`)")).toEqual([
      { file: 'src/modules/plans/plan.query.ts', table: 'allocation', what: 'lock' },
    ]);
    expect(findings(plans, "import { User } from '../users/user.entity'; // FROM region, not SQL")).toEqual([
      { file: 'src/modules/plans/x.service.ts', table: 'users entity', what: 'read' },
    ]);
  });

  it('holds in src/: no module writes or locks another module table; cross-module reads only in repository/query files', () => {
    const all = filesUnder(path.join(ROOT, 'src')).flatMap((f) => findings(f, fs.readFileSync(f, 'utf8')));
    expect(all).toEqual([]);
  });

  it('holds for the test fixtures: the ledger and running totals are written only through the services', () => {
    const spendingTables = ['spending_entry', 'plan_line_month_total', 'kelurahan_month_total'];
    const out: string[] = [];
    for (const f of filesUnder(path.join(ROOT, 'test/helpers'))) {
      for (const sql of literals(fs.readFileSync(f, 'utf8'))) {
        if (new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(${spendingTables.join('|')}|plan_line)\\b`).test(sql)) out.push(`${path.relative(ROOT, f)}: ${sql.slice(0, 80)}`);
      }
    }
    expect(out).toEqual([]);
  });
});

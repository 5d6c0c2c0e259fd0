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

/**
 * The owning module of every SQL function the migrations leave in place. A function writes or locks only its own
 * module's tables; it reaches another module's by calling that module's function (as spending_pay calls
 * plans_line_charge and books_payment_open/_post). A function that is not listed here fails the check.
 */
export const FUNCTION_OWNER: Record<string, string> = {
  refuse_change: 'audit',
  declare_append_only: 'database',
  allocation_sources_sum_check: 'allocations',
  allocation_source_total: 'allocations',
  allocation_first_source: 'allocations',
  plans_line_charge: 'plans',
  books_payment_open: 'books',
  books_payment_post: 'books',
  spending_pay: 'spending',
  audit_canonical: 'audit',
  audit_number: 'audit',
  audit_append: 'audit',
};

export interface Migration {
  file: string;
  source: string;
}

export interface FunctionFinding {
  file: string;
  fn: string;
  table: string;
  what: 'write' | 'lock' | 'unowned';
}

/** up() and down() of a migration class: the text from `async up(` to `async down(`, and from there to the end. */
function upAndDown(source: string): { up: string; down: string } {
  const u = source.search(/async\s+up\s*\(/);
  const d = source.search(/async\s+down\s*\(/);
  if (u < 0 || d < 0) return { up: source, down: '' };
  return u < d ? { up: source.slice(u, d), down: source.slice(d) } : { up: source.slice(u), down: source.slice(d, u) };
}

/** Functions a migration's up() drops: its own DROP FUNCTIONs and those of any migration whose down() it runs. */
function droppedBy(m: Migration, all: Migration[]): Set<string> {
  const drops = (sql: string) => [...sql.matchAll(/DROP\s+FUNCTION\s+(?:IF\s+EXISTS\s+)?(\w+)/gi)].map((x) => x[1].toLowerCase());
  const { up } = upAndDown(m.source);
  const out = new Set(drops(up));
  for (const [, cls] of up.matchAll(/new\s+(\w+)\s*\(\s*\)\s*\.down\s*\(/g)) {
    const other = all.find((o) => new RegExp(`export\\s+class\\s+${cls}\\b`).test(o.source));
    for (const f of other ? drops(upAndDown(other.source).down) : []) out.add(f);
  }
  return out;
}

/** Every `CREATE [OR REPLACE] FUNCTION name(...) ... AS $tag$ body $tag$` of a migration's up(). */
function functionsOf(m: Migration): Array<{ name: string; body: string }> {
  const re = /CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(\w+)\s*\(/gi;
  const { up } = upAndDown(m.source);
  const out: Array<{ name: string; body: string }> = [];
  for (const x of up.matchAll(re)) {
    const rest = up.slice(x.index + x[0].length);
    const open = /\bAS\s+(\$\w*\$)/i.exec(rest);
    if (!open) throw new Error(`${m.file}: function ${x[1]} has no $$ body`);
    const from = open.index + open[0].length;
    const to = rest.indexOf(open[1], from);
    if (to < 0) throw new Error(`${m.file}: function ${x[1]} has an unterminated body`);
    out.push({ name: x[1].toLowerCase(), body: rest.slice(from, to) });
  }
  return out;
}

/**
 * What the SQL functions left by the migrations (in order) write or lock outside their owner's tables, and which
 * have no owner. A function's last definition counts; one that a later migration's up() drops is gone.
 */
export function functionFindings(migrations: Migration[], owners: Record<string, string>): FunctionFinding[] {
  const live = new Map<string, { file: string; body: string }>();
  for (const m of migrations) {
    for (const f of droppedBy(m, migrations)) live.delete(f);
    for (const f of functionsOf(m)) live.set(f.name, { file: m.file, body: f.body });
  }
  const out: FunctionFinding[] = [];
  for (const [fn, { file, body }] of live) {
    const owner = owners[fn];
    if (owner === undefined) {
      out.push({ file, fn, table: '', what: 'unowned' });
      continue;
    }
    const sql = body.replace(/--[^\n]*/g, '');
    for (const x of sql.matchAll(new RegExp(`\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+${TABLE}`, 'gi'))) {
      if (OWNER[x[1]] !== owner) out.push({ file, fn, table: x[1], what: 'write' });
    }
    // A lock is per statement: the tables a `... FOR UPDATE|SHARE` statement reads are the ones it locks.
    for (const stmt of sql.split(';')) {
      if (!/\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE)\b/i.test(stmt)) continue;
      for (const x of stmt.matchAll(new RegExp(`\\b(?:FROM|JOIN)\\s+${TABLE}`, 'gi'))) {
        if (OWNER[x[1]] !== owner) out.push({ file, fn, table: x[1], what: 'lock' });
      }
    }
  }
  return [...new Map(out.map((f) => [`${f.fn} ${f.what} ${f.table}`, f])).values()];
}

function migrationFiles(): Migration[] {
  const dir = path.join(ROOT, 'migrations');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d+-.*\.ts$/.test(f))
    .sort()
    .map((f) => ({ file: `migrations/${f}`, source: fs.readFileSync(path.join(dir, f), 'utf8') }));
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

  it('finds what it looks for in SQL functions (the rule itself can fail)', () => {
    const m1: Migration = {
      file: 'migrations/1-a.ts',
      source: `export class A1 { async up(q) { await q.query(\`
        CREATE FUNCTION spending_bad(p uuid) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO spending_entry (id) VALUES (p);
          UPDATE plan_line SET spent = 0 WHERE id = p;
          -- UPDATE tax_line in a comment is no write
          PERFORM 1 FROM cash_account c JOIN plan p ON true WHERE c.year = 1 FOR NO KEY UPDATE;
          SELECT 1 FROM book_period;
        END $$\`);
        await q.query(\`CREATE OR REPLACE FUNCTION nobody_knows() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN RAISE EXCEPTION 'x'; END $body$\`);
        await q.query(\`CREATE FUNCTION plans_old() RETURNS void LANGUAGE sql AS $$ DELETE FROM cash_posting $$\`);
      } async down(q) { await q.query(\`DROP FUNCTION plans_old()\`); } }`,
    };
    const m2: Migration = { file: 'migrations/2-b.ts', source: `export class B2 { async up(q) { await new A1().down(q); } async down(q) {} }` };
    const owners = { spending_bad: 'spending', plans_old: 'plans' };
    expect(functionFindings([m1], owners)).toEqual([
      { file: 'migrations/1-a.ts', fn: 'spending_bad', table: 'plan_line', what: 'write' },
      { file: 'migrations/1-a.ts', fn: 'spending_bad', table: 'cash_account', what: 'lock' },
      { file: 'migrations/1-a.ts', fn: 'spending_bad', table: 'plan', what: 'lock' },
      { file: 'migrations/1-a.ts', fn: 'nobody_knows', table: '', what: 'unowned' },
      { file: 'migrations/1-a.ts', fn: 'plans_old', table: 'cash_posting', what: 'write' },
    ]);
    // A later migration that runs the first one's down() drops plans_old: it is no longer checked.
    expect(functionFindings([m1, m2], owners).map((f) => `${f.fn} ${f.table}`)).toEqual([
      'spending_bad plan_line', 'spending_bad cash_account', 'spending_bad plan', 'nobody_knows ',
    ]);
  });

  it('holds in the migrations: every SQL function has an owner and writes or locks only its own tables', () => {
    const migrations = migrationFiles();
    expect(functionFindings(migrations, FUNCTION_OWNER)).toEqual([]);
    // Every owner entry names a function the migrations leave in place, with an owning module that exists.
    const live = new Set<string>();
    for (const m of migrations) {
      for (const f of droppedBy(m, migrations)) live.delete(f);
      for (const f of functionsOf(m)) live.add(f.name);
    }
    expect(Object.keys(FUNCTION_OWNER).sort()).toEqual([...live].sort());
    const modules = new Set([...Object.values(OWNER), 'database']);
    expect(Object.values(FUNCTION_OWNER).filter((o) => !modules.has(o))).toEqual([]);
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

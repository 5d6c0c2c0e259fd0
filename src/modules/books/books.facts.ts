import type { ConsistencyCheck, FactSource } from '../audit/audit-facts';
import { formatRupiah } from '../../common/money/rupiah';
import { TAX_TEXT } from './cash-postings';

// What the verification cross-checks of the bendahara's books: every row of the cash ledger, the funds received and
// returned, the taxes withheld and deposited has the audit event that created it, with the same content; and the
// stored balances equal the ledgers they are kept from. Each side is a SELECT over this module's own tables; the
// events side reads the event the verifier gives as `a` (see audit-facts.ts).

/** A fund receipt or return (UP/GU/TU, STS) as its row and its books.fund.* event say it. */
export const CASH_FUND_ENTRY_FACTS: FactSource = {
  table: 'cash_fund_entry',
  rows: `SELECT f.id::text AS id, jsonb_build_object('kelurahanCode', f.kelurahan_code, 'year', f.year, 'kind', f.kind, 'account', f.account,
           'date', f.entry_date::text, 'amount', f.amount, 'documentNo', f.document_no, 'documentDate', f.document_date::text,
           'description', f.description, 'createdBy', f.created_by) AS content
           FROM cash_fund_entry f`,
  events: [
    {
      where: `a.entity = 'cash_fund_entry' AND a.action IN ('books.fund.receive', 'books.fund.return')`,
      id: 'a.entity_id',
      content: `jsonb_build_object('kelurahanCode', a.after->'kelurahanCode', 'year', a.after->'year', 'kind', a.after->'kind', 'account', a.after->'account',
        'date', a.after->'date', 'amount', a.after->'amount', 'documentNo', a.after->'documentNo', 'documentDate', a.after->'documentDate',
        'description', a.after->'description', 'createdBy', to_jsonb(a.actor_id))`,
    },
  ],
};

/** A tax deposit (setor, with billing code and NTPN) as its row and its books.tax.deposit event say it. */
export const TAX_DEPOSIT_FACTS: FactSource = {
  table: 'tax_deposit',
  rows: `SELECT d.id::text AS id, jsonb_build_object('kelurahanCode', d.kelurahan_code, 'year', d.year, 'type', d.type, 'account', d.account,
           'date', d.deposited_on::text, 'amount', d.amount, 'billingCode', d.billing_code::text, 'ntpn', d.ntpn::text,
           'description', d.description, 'createdBy', d.created_by) AS content
           FROM tax_deposit d`,
  events: [
    {
      where: `a.entity = 'tax_deposit' AND a.action = 'books.tax.deposit'`,
      id: 'a.entity_id',
      content: `jsonb_build_object('kelurahanCode', a.after->'kelurahanCode', 'year', a.after->'year', 'type', a.after->'type', 'account', a.after->'account',
        'date', a.after->'date', 'amount', a.after->'amount', 'billingCode', a.after->'billingCode', 'ntpn', a.after->'ntpn',
        'description', a.after->'description', 'createdBy', to_jsonb(a.actor_id))`,
    },
  ],
};

// The payment (spending.record: after; spending.reverse: after.reversal) whose event carries its tax lines.
const PAYMENT_EVENTS = [
  { where: `a.entity = 'spending_entry' AND a.action = 'spending.record'`, entry: 'a.after', reversal: false },
  { where: `a.entity = 'spending_entry' AND a.action = 'spending.reverse'`, entry: `(a.after->'reversal')`, reversal: true },
];

/** Every tax line withheld on a payment (or reversed with it) is in that payment's event, line for line. */
export const TAX_LINE_FACTS: FactSource = {
  table: 'tax_line',
  rows: `SELECT l.id::text AS id, jsonb_build_object('spendingEntryId', l.spending_entry_id, 'kelurahanCode', l.kelurahan_code, 'year', l.year,
           'date', l.booked_on::text, 'type', l.type, 'base', l.base, 'rate', l.rate, 'amount', l.amount, 'ruleId', l.rule_id,
           'reason', l.reason, 'reversal', l.reverses_id IS NOT NULL) AS content
           FROM tax_line l`,
  events: PAYMENT_EVENTS.map((p) => ({
    where: p.where,
    from: `CROSS JOIN LATERAL jsonb_array_elements(coalesce(${p.entry}->'taxes', '[]'::jsonb)) t`,
    id: `t->>'id'`,
    content: `jsonb_build_object('spendingEntryId', ${p.entry}->'id', 'kelurahanCode', ${p.entry}->'kelurahanCode', 'year', ${p.entry}->'year',
      'date', ${p.entry}->'date', 'type', t->'type', 'base', t->'base', 'rate', t->'rate', 'amount', t->'amount', 'ruleId', t->'ruleId',
      'reason', t->'reason', 'reversal', ${p.reversal})`,
  })),
};

// A cash posting is named by what it is the posting of (its kind and the rows it refers to); the n-th posting of the
// same thing is '#n', so a forged second copy of a genuine posting has no event to match.
const POSTING_OF = `concat_ws('/', p.kind, p.spending_entry_id, p.fund_entry_id, p.tax_line_id, p.tax_deposit_id)`;
const postingContent = (x: { kelurahan: string; year: string; date: string; account: string; kind: string; amount: string; ref: string; accountCode: string; text: string }) =>
  `jsonb_build_object('kelurahanCode', ${x.kelurahan}, 'year', ${x.year}, 'date', ${x.date}, 'account', ${x.account}, 'kind', ${x.kind},
     'amount', ${x.amount}, 'referenceNo', ${x.ref}, 'accountCode', ${x.accountCode}, 'description', ${x.text})`;
const TAX_TEXT_JSON = `'${JSON.stringify(TAX_TEXT).replace(/'/g, "''")}'::jsonb`;

/**
 * The BKU rows of a payment as cash-postings.ts makes them (paymentPostings): on LS the SP2D in, the gross out,
 * each tax withheld back in. The same for a reversal, whose amounts carry the opposite sign. Payments booked
 * before the books existed (their event has no method) have no postings.
 */
const paymentPostingsOf = (e: string) => `
  CROSS JOIN LATERAL (
    SELECT 'LS_IN' AS kind, (${e}->>'amount')::bigint AS amount, NULL::text AS tax, 'SP2D LS: ' || (${e}->>'description') AS text WHERE ${e}->>'method' = 'LS'
    UNION ALL SELECT 'PAYMENT', -(${e}->>'amount')::bigint, NULL, ${e}->>'description'
    UNION ALL SELECT 'TAX_WITHHELD', (t->>'amount')::bigint, t->>'id',
                     'Pungutan ' || coalesce(${TAX_TEXT_JSON}->>(t->>'type'), t->>'type') || ': ' || (${e}->>'description')
                FROM jsonb_array_elements(coalesce(${e}->'taxes', '[]'::jsonb)) t WHERE (t->>'amount')::bigint <> 0
  ) x`;

/** Every cash posting (the BKU) is one its creating event implies: a payment, a reversal, a fund entry, a tax deposit. */
export const CASH_POSTING_FACTS: FactSource = {
  table: 'cash_posting',
  matchBy: 'key',
  rows: `SELECT p.id::text AS id, ${POSTING_OF} || '#' || row_number() OVER (PARTITION BY ${POSTING_OF} ORDER BY p.seq) AS key,
           ${postingContent({ kelurahan: 'p.kelurahan_code', year: 'p.year', date: 'p.posted_on::text', account: 'p.account', kind: 'p.kind', amount: 'p.amount', ref: 'p.reference_no', accountCode: 'p.account_code', text: 'p.description' })} AS content
           FROM cash_posting p`,
  events: [
    ...PAYMENT_EVENTS.map((p) => ({
      where: `${p.where} AND ${p.entry} ? 'method'`,
      from: paymentPostingsOf(p.entry),
      id: `concat_ws('/', x.kind, ${p.entry}->>'id', x.tax) || '#1'`,
      content: postingContent({
        kelurahan: `${p.entry}->'kelurahanCode'`, year: `${p.entry}->'year'`, date: `${p.entry}->'date'`, account: `${p.entry}->'method'`, kind: 'x.kind',
        amount: 'x.amount', ref: `${p.entry}->'evidenceNo'`, accountCode: `${p.entry}->'accountCode'`, text: 'x.text',
      }),
    })),
    {
      where: `a.entity = 'cash_fund_entry' AND a.action IN ('books.fund.receive', 'books.fund.return')`,
      from: `CROSS JOIN LATERAL (SELECT CASE WHEN a.after->>'kind' = 'STS' THEN 'FUND_RETURN' ELSE 'FUND_IN' END AS kind,
                                        CASE WHEN a.after->>'kind' = 'STS' THEN -1 ELSE 1 END * (a.after->>'amount')::bigint AS amount) x`,
      id: `concat_ws('/', x.kind, a.after->>'id') || '#1'`,
      content: postingContent({
        kelurahan: `a.after->'kelurahanCode'`, year: `a.after->'year'`, date: `a.after->'date'`, account: `a.after->'account'`, kind: 'x.kind',
        amount: 'x.amount', ref: `a.after->'documentNo'`, accountCode: 'NULL::text', text: `a.after->'description'`,
      }),
    },
    {
      where: `a.entity = 'tax_deposit' AND a.action = 'books.tax.deposit'`,
      id: `concat_ws('/', 'TAX_DEPOSIT', a.after->>'id') || '#1'`,
      content: postingContent({
        kelurahan: `a.after->'kelurahanCode'`, year: `a.after->'year'`, date: `a.after->'date'`, account: `a.after->'account'`, kind: `'TAX_DEPOSIT'`,
        amount: `-(a.after->>'amount')::bigint`, ref: `'NTPN ' || (a.after->>'ntpn')`, accountCode: 'NULL::text', text: `a.after->'description'`,
      }),
    },
  ],
};

const PROBLEMS_PER_CHECK = 100;

/**
 * The balances kept beside the cash ledger equal it: per kelurahan, year and account the stored balance and posting
 * count are the ledger's sum and count, and every posting's balance_after is the running sum up to it.
 */
export const CASH_BALANCES_CHECK: ConsistencyCheck = {
  name: 'cash_balances',
  run: async (m) => {
    const accounts: Array<{ kelurahan_code: string; year: number; account: string; stored: string; stored_count: number; ledger: string; ledger_count: number; total: number }> =
      await m.query(
        `WITH l AS (SELECT kelurahan_code, year, account, sum(amount)::bigint AS amount, count(*)::int AS n FROM cash_posting GROUP BY 1, 2, 3)
         SELECT kelurahan_code, year, account, coalesce(a.balance, 0)::text AS stored, coalesce(a.posting_count, 0) AS stored_count,
                coalesce(l.amount, 0)::text AS ledger, coalesce(l.n, 0) AS ledger_count, count(*) OVER ()::int AS total
           FROM cash_account a FULL JOIN l USING (kelurahan_code, year, account)
          WHERE coalesce(a.balance, 0) <> coalesce(l.amount, 0) OR coalesce(a.posting_count, 0) <> coalesce(l.n, 0)
          ORDER BY 1, 2, 3 LIMIT ${PROBLEMS_PER_CHECK}`,
      );
    const running: Array<{ id: string; kelurahan_code: string; year: number; account: string; balance_after: string; running: string; total: number }> = await m.query(
      `SELECT id, kelurahan_code, year, account, balance_after::text, running::text, count(*) OVER ()::int AS total
         FROM (SELECT id, kelurahan_code, year, account, seq, balance_after,
                      sum(amount) OVER (PARTITION BY kelurahan_code, year, account ORDER BY seq) AS running FROM cash_posting) p
        WHERE balance_after <> running ORDER BY kelurahan_code, year, account, seq LIMIT ${PROBLEMS_PER_CHECK}`,
    );
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM cash_account');
    const problems = [
      ...accounts.map((r) => ({
        table: 'cash_account', id: `${r.kelurahan_code}/${r.year}/${r.account}`,
        message: `saldo ${r.account} ${r.kelurahan_code} ${r.year} tersimpan ${formatRupiah(Number(r.stored))} (${r.stored_count} posting), menurut BKU ${formatRupiah(Number(r.ledger))} (${r.ledger_count} posting)`,
      })),
      ...running.map((r) => ({
        table: 'cash_posting', id: r.id,
        message: `posting ${r.id}: saldo sesudahnya tercatat ${formatRupiah(Number(r.balance_after))}, menurut urutan BKU ${formatRupiah(Number(r.running))}`,
      })),
    ];
    const mismatches = (accounts[0]?.total ?? 0) + (running[0]?.total ?? 0);
    return { consistent: mismatches === 0, detail: { accounts: n, mismatches }, problems };
  },
};

/** What is withheld and deposited per tax (tax_balance) equals the tax lines and deposits it is kept from. */
export const TAX_POSITIONS_CHECK: ConsistencyCheck = {
  name: 'tax_positions',
  run: async (m) => {
    const rows: Array<{ kelurahan_code: string; year: number; type: string; withheld: string; deposited: string; lines: string; deposits: string; total: number }> =
      await m.query(
        `WITH l AS (SELECT kelurahan_code, year, type, sum(amount)::bigint AS amount FROM tax_line GROUP BY 1, 2, 3),
              d AS (SELECT kelurahan_code, year, type, sum(amount)::bigint AS amount FROM tax_deposit GROUP BY 1, 2, 3),
              ld AS (SELECT kelurahan_code, year, type, l.amount AS lines, d.amount AS deposits FROM l FULL JOIN d USING (kelurahan_code, year, type))
         SELECT kelurahan_code, year, type, coalesce(b.withheld, 0)::text AS withheld, coalesce(b.deposited, 0)::text AS deposited,
                coalesce(ld.lines, 0)::text AS lines, coalesce(ld.deposits, 0)::text AS deposits, count(*) OVER ()::int AS total
           FROM tax_balance b FULL JOIN ld USING (kelurahan_code, year, type)
          WHERE coalesce(b.withheld, 0) <> coalesce(ld.lines, 0) OR coalesce(b.deposited, 0) <> coalesce(ld.deposits, 0)
          ORDER BY 1, 2, 3 LIMIT ${PROBLEMS_PER_CHECK}`,
      );
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM tax_balance');
    return {
      consistent: rows.length === 0,
      detail: { positions: n, mismatches: rows[0]?.total ?? 0 },
      problems: rows.map((r) => ({
        table: 'tax_balance', id: `${r.kelurahan_code}/${r.year}/${r.type}`,
        message: `posisi ${r.type} ${r.kelurahan_code} ${r.year} tersimpan dipungut ${formatRupiah(Number(r.withheld))}, disetor ${formatRupiah(Number(r.deposited))}; ` +
          `menurut buku pajak dipungut ${formatRupiah(Number(r.lines))}, disetor ${formatRupiah(Number(r.deposits))}`,
      })),
    };
  },
};

// A month's close or reopen is named by its period, its action and its ordinal among that period's closes (or
// reopens): `35.73.01.1001/2026/M03/close#2` is the second close of March.
const PERIOD_OF_ROW = `p.kelurahan_code || '/' || p.year || '/M' || lpad(p.month::text, 2, '0')`;
const periodEventKey = (action: 'close' | 'reopen') =>
  `a.entity_id || '/${action}#' || row_number() OVER (PARTITION BY a.entity_id ORDER BY a.partition, a.seq)`;

/** Every close and reopen of a month (book_period_event) is its books.period.close / books.period.reopen event. */
export const BOOK_PERIOD_EVENT_FACTS: FactSource = {
  table: 'book_period_event',
  matchBy: 'key',
  rows: `SELECT p.seq::text AS id,
           ${PERIOD_OF_ROW} || '/' || p.action || '#' || row_number() OVER (PARTITION BY p.kelurahan_code, p.year, p.month, p.action ORDER BY p.seq) AS key,
           jsonb_build_object('closingBalance', p.closing_balance, 'reason', p.reason, 'byUser', p.by_user) AS content
           FROM book_period_event p`,
  events: [
    {
      where: `a.entity = 'book_period' AND a.action = 'books.period.close'`,
      id: periodEventKey('close'),
      content: `jsonb_build_object('closingBalance', a.after->'closingBalance', 'reason', NULL::text, 'byUser', to_jsonb(a.actor_id))`,
    },
    {
      where: `a.entity = 'book_period' AND a.action = 'books.period.reopen'`,
      id: periodEventKey('reopen'),
      content: `jsonb_build_object('closingBalance', a.before->'closingBalance', 'reason', to_jsonb(a.reason), 'byUser', to_jsonb(a.actor_id))`,
    },
  ],
};

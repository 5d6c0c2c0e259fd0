import { MigrationInterface, QueryRunner } from 'typeorm';
import { BookingRoundTrips1765700000000 } from './1765700000000-booking-round-trips';

/**
 * A payment is booked in one statement instead of seven round trips (BEGIN, five statements, COMMIT): `spending_pay`
 * (spending) does, in the order and with the locks SpendingService took statement by statement, each module's part of a
 * booking, calling the owning module's function for every table that is not spending's: `plans_line_charge` locks the
 * plan line and reads its budget after the lock (plans), `books_payment_open` takes the month's share lock and the
 * cash account's row lock with the overdraft rule (books), spending writes the ledger row with both month totals and
 * its nomor bukti, and `books_payment_post` writes the tax lines, what is withheld and the cash postings with their
 * running balances (books). Each function writes or locks only its own module's tables (FUNCTION_OWNER in
 * test/architecture/table-ownership.spec.ts). Every refusal raises SQLSTATE DKREF with the refusal's name as its
 * message and what the answer needs as JSON in its detail; the raise undoes whatever the statement did, so the
 * caller's transaction (or its savepoint) is left as it was. It answers the entry as the API gives it
 * (SpendingEntryDto), which is also its audit event's `after`.
 *
 * `audit_append(...)` (audit) appends an event in SQL, for a mutation that is one statement (MutationRunner.runStatement):
 * the same partition, chain-head lock, hash formula and `at` as AuditService.record, over the canonical JSON of the body
 * made by `audit_canonical(jsonb)`: the same text as canonicalJson (canonical-json.ts) gives for the value the
 * verifier reads back, keys in UTF-16 code-unit order at every depth, numbers as JavaScript prints them
 * (`audit_number`), no whitespace (test/e2e/audit-canonical.e2e-spec.ts).
 * SECURITY INVOKER (the default): each runs with the caller's privileges, the app role's, and the tables' triggers.
 * plan_line_book (1765700000000), which spending_pay replaces, is dropped; down makes it again.
 */
// A jsonb number as audit_number prints it, without the call where its text already is JavaScript's: an integer of up
// to 15 digits, or a decimal of up to 15 digits without trailing zeros in the range JavaScript prints without exponent.
export const NUMBER = (v: string) =>
  `CASE WHEN strpos(${v}::text, '.') = 0 AND length(${v}::text) <= 15 THEN ${v}::text
        WHEN length(${v}::text) <= 16 AND ${v}::text ~ '^-?([1-9][0-9]*\\.[0-9]*[1-9]|0\\.0{0,5}[1-9]([0-9]*[1-9])?)$' THEN ${v}::text
        ELSE audit_number(${v}::text::numeric) END`;

// The texts the next migration (1765900000100) puts back on its way down.
export const BOOKS_PAYMENT_OPEN_1765800000000 = `
      CREATE FUNCTION books_payment_open(p_kelurahan text, p_date date, p_method text, p_amount bigint, p_taxes jsonb, p_postings jsonb,
        p_refuse_overdraft boolean, OUT balance bigint, OUT balance_after bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        v_year int := extract(year FROM p_date)::int;
        v_month int := extract(month FROM p_date)::int;
        v_closed boolean;
        v_needed bigint;
        v_moved bigint;
        v_postings int;
      BEGIN
        SELECT bp.closed INTO v_closed FROM book_period bp WHERE bp.kelurahan_code = p_kelurahan AND bp.year = v_year AND bp.month = v_month FOR SHARE;
        IF NOT FOUND THEN
          INSERT INTO book_period (kelurahan_code, year, month) VALUES (p_kelurahan, v_year, v_month) ON CONFLICT DO NOTHING;
          SELECT bp.closed INTO v_closed FROM book_period bp WHERE bp.kelurahan_code = p_kelurahan AND bp.year = v_year AND bp.month = v_month FOR SHARE;
        END IF;
        -- Every posting of a payment is on its method's account: the balance moved now is that account's row lock.
        SELECT coalesce(sum((r->>'amount')::bigint), 0), count(*) INTO v_moved, v_postings FROM jsonb_array_elements(p_postings) r;
        IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_postings) r WHERE r->>'account' IS DISTINCT FROM p_method) THEN
          RAISE EXCEPTION 'books_payment_open: a posting on another account than %', p_method;
        END IF;
        FOR i IN 1..2 LOOP
          UPDATE cash_account c SET balance = c.balance + v_moved, posting_count = c.posting_count + v_postings
           WHERE c.kelurahan_code = p_kelurahan AND c.year = v_year AND c.account = p_method
          RETURNING c.balance - v_moved, c.balance INTO balance, balance_after;
          EXIT WHEN FOUND;
          INSERT INTO cash_account (kelurahan_code, year, account) VALUES (p_kelurahan, v_year, p_method) ON CONFLICT DO NOTHING;
        END LOOP;
        IF v_closed THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'PERIOD_CLOSED', DETAIL = json_build_object('year', v_year, 'month', v_month)::text;
        END IF;
        v_needed := p_amount - coalesce((SELECT sum((t->>'amount')::bigint) FROM jsonb_array_elements(p_taxes) t), 0);
        IF p_method <> 'LS' AND balance < v_needed AND p_refuse_overdraft THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'BOOKS_INSUFFICIENT_CASH',
            DETAIL = json_build_object('account', p_method, 'balance', balance, 'needed', v_needed)::text;
        END IF;
      END $$`;
export const SPENDING_PAY_1765800000000 = `
      CREATE FUNCTION spending_pay(
        p_id uuid, p_line uuid, p_scope text, p_scope_all boolean, p_date date, p_amount bigint, p_description text, p_payee text,
        p_evidence_no text, p_evidence_key text, p_method text, p_created_by uuid, p_created_by_name text, p_refuse_overdraft boolean,
        p_taxes jsonb, p_postings jsonb)
      RETURNS jsonb
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        l record;
        c record;
        e record;
        h record;
        v_month int := extract(month FROM p_date)::int;
        v_taxes jsonb;
      BEGIN
        SELECT * INTO l FROM plans_line_charge(p_line, p_amount, p_scope, p_scope_all, p_date);
        SELECT * INTO c FROM books_payment_open(l.kelurahan_code, p_date, p_method, p_amount, p_taxes, p_postings, p_refuse_overdraft);

        INSERT INTO spending_entry (id, plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee,
                                    evidence_no, reverses_id, reason, created_by, method, account_code)
        VALUES (p_id, l.id, l.plan_id, l.kelurahan_code, l.year, l.category, p_date, p_amount, p_description, p_payee,
                p_evidence_no, NULL, NULL, p_created_by, p_method, l.account_code)
        RETURNING * INTO e;
        INSERT INTO plan_line_month_total AS t (plan_line_id, month, amount, entry_count) VALUES (l.id, v_month, p_amount, 1)
        ON CONFLICT (plan_line_id, month) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1;
        INSERT INTO kelurahan_month_total AS t (kelurahan_code, year, month, category, amount, entry_count)
        VALUES (l.kelurahan_code, l.year, v_month, l.category, p_amount, 1)
        ON CONFLICT (kelurahan_code, year, month, category) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1;
        INSERT INTO spending_evidence_no (kelurahan_code, year, evidence_key, spending_entry_id) VALUES (l.kelurahan_code, l.year, p_evidence_key, p_id)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          SELECT x.id, x.spent_on::text AS date, x.evidence_no INTO h FROM spending_evidence_no n JOIN spending_entry x ON x.id = n.spending_entry_id
           WHERE n.kelurahan_code = l.kelurahan_code AND n.year = l.year AND n.evidence_key = p_evidence_key;
          IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'SPENDING_DUPLICATE_EVIDENCE_NO',
              DETAIL = json_build_object('id', h.id, 'date', h.date, 'evidenceNo', h.evidence_no)::text;
          END IF;
        END IF;

        v_taxes := books_payment_post(p_id, l.kelurahan_code, p_date, l.account_code, c.balance, p_taxes, p_postings);

        -- The entry as toSpendingEntry gives it; createdAt truncated to milliseconds as Date.toISOString() prints it.
        RETURN jsonb_build_object(
          'id', e.id, 'seq', e.seq, 'planLineId', e.plan_line_id, 'planId', e.plan_id, 'kelurahanCode', e.kelurahan_code, 'year', e.year,
          'category', e.category, 'date', e.spent_on::text, 'amount', e.amount, 'description', e.description, 'payee', e.payee,
          'evidenceNo', e.evidence_no, 'reversesId', NULL, 'reversedById', NULL, 'reason', NULL,
          'createdAt', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'createdBy', e.created_by,
          'createdByName', p_created_by_name, 'method', e.method, 'accountCode', e.account_code, 'taxes', v_taxes,
          'overdraft', CASE WHEN p_method <> 'LS' AND c.balance_after < 0 THEN jsonb_build_object('account', p_method, 'balance', c.balance_after) END);
      END $$`;
export const AUDIT_CANONICAL_1765800000000 = `
      CREATE FUNCTION audit_canonical(j jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
      BEGIN
        CASE jsonb_typeof(j)
          WHEN 'object' THEN
            RETURN '{' || coalesce((SELECT string_agg(to_jsonb(k)::text || ':' || CASE jsonb_typeof(v) WHEN 'object' THEN audit_canonical(v) WHEN 'array' THEN audit_canonical(v)
                                                        WHEN 'number' THEN ${NUMBER('v')}
                                                        ELSE v::text END,
                                                      ',' ORDER BY (CASE WHEN octet_length(k) = length(k) THEN k
                                                                         ELSE regexp_replace(replace(k, chr(1114111), chr(1114111) || chr(1)), '([\\uE000-\\uFFFF])', chr(1114111) || '\\1', 'g') END) COLLATE "C")
                                      FROM jsonb_each(j) AS x(k, v)), '') || '}';
          WHEN 'array' THEN
            RETURN '[' || coalesce((SELECT string_agg(CASE jsonb_typeof(v) WHEN 'object' THEN audit_canonical(v) WHEN 'array' THEN audit_canonical(v)
                                                        WHEN 'number' THEN ${NUMBER('v')}
                                                        ELSE v::text END, ',' ORDER BY n)
                                      FROM jsonb_array_elements(j) WITH ORDINALITY AS x(v, n)), '') || ']';
          WHEN 'number' THEN
            RETURN ${NUMBER('j')};
          ELSE
            -- Strings print as jsonb prints them, escaped as JSON.stringify does them; true, false and null as they are.
            RETURN j::text;
        END CASE;
      END $$`;
export const AUDIT_APPEND_1765800000000 = `
      CREATE FUNCTION audit_append(p_actor_id uuid, p_actor text, p_role text, p_action text, p_entity text, p_entity_id text, p_region_code text,
                                   p_before jsonb, p_after jsonb, p_reason text)
      RETURNS TABLE (partition text, seq bigint, hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        v_partition text := CASE WHEN length(p_region_code) >= 5 THEN left(p_region_code, 5) ELSE 'nasional' END;
        v_at timestamptz := date_trunc('milliseconds', statement_timestamp());
        v_at_text text := regexp_replace(to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '000$', '') || 'Z';
        v_body text := audit_canonical(jsonb_build_object('actorId', p_actor_id, 'actor', p_actor, 'role', p_role, 'action', p_action, 'entity', p_entity,
                         'entityId', p_entity_id, 'regionCode', p_region_code, 'before', p_before, 'after', p_after, 'reason', p_reason));
        h record;
      BEGIN
        FOR i IN 1..2 LOOP
          UPDATE audit_partition ap
             SET seq = ap.seq + 1, prev_head = ap.head,
                 head = encode(sha256(convert_to(ap.head || E'\\n' || ap.partition || E'\\n' || (ap.seq + 1)::text || E'\\n' || v_at_text || E'\\n' || v_body, 'UTF8')), 'hex')
           WHERE ap.partition = v_partition
          RETURNING ap.seq, ap.prev_head, ap.head INTO h;
          EXIT WHEN FOUND;
          INSERT INTO audit_partition (partition, seq, head, prev_head) VALUES (v_partition, 0, repeat('0', 64), repeat('0', 64)) ON CONFLICT (partition) DO NOTHING;
        END LOOP;
        INSERT INTO audit_event (partition, seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash)
        VALUES (v_partition, h.seq, v_at, p_actor_id, p_actor, p_role, p_action, p_entity, p_entity_id, p_region_code, p_before, p_after, p_reason, h.prev_head, h.head);
        partition := v_partition;
        seq := h.seq;
        hash := h.head;
        RETURN NEXT;
      END $$`;

export class SpendingPay1765800000000 implements MigrationInterface {
  name = 'SpendingPay1765800000000';

  public async up(q: QueryRunner): Promise<void> {
    await new BookingRoundTrips1765700000000().down(q);
    // plans: the line's running total moved first; the update is its row lock (held until commit), and every refusal
    // raises and so undoes it. The budget is read after the lock with a new snapshot (an approval is seen).
    await q.query(`
      CREATE FUNCTION plans_line_charge(p_line uuid, p_amount bigint, p_scope text, p_scope_all boolean, p_date date,
        OUT id uuid, OUT plan_id uuid, OUT kelurahan_code text, OUT spent bigint, OUT year int, OUT category text, OUT account_code text)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        l record;
        b record;
      BEGIN
        UPDATE plan_line x SET spent = x.spent + p_amount, entry_count = x.entry_count + 1 WHERE x.id = p_line
        RETURNING x.id, x.plan_id, x.kelurahan_code, x.spent - p_amount AS spent INTO l;
        IF NOT FOUND OR NOT (p_scope_all OR (p_scope IS NOT NULL AND (l.kelurahan_code = p_scope OR starts_with(l.kelurahan_code, p_scope || '.')))) THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'SPENDING_LINE_NOT_FOUND';
        END IF;
        SELECT p.year, p.in_force_version, v.amount AS budget, v.category, v.account_code INTO b
          FROM plan p
          LEFT JOIN plan_line_version v ON v.plan_id = p.id AND v.version = p.in_force_version AND v.line_id = p_line
         WHERE p.id = l.plan_id;
        IF extract(year FROM p_date)::int <> b.year THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'SPENDING_DATE_YEAR', DETAIL = json_build_object('year', b.year)::text;
        END IF;
        IF b.in_force_version IS NULL OR b.budget IS NULL OR b.category IS NULL THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'SPENDING_PLAN_NOT_APPROVED',
            DETAIL = json_build_object('field', CASE WHEN b.in_force_version IS NULL THEN 'plan' ELSE 'line' END)::text;
        END IF;
        IF p_amount > b.budget - l.spent THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'SPENDING_EXCEEDS_LINE',
            DETAIL = json_build_object('budget', b.budget, 'spent', l.spent)::text;
        END IF;
        id := l.id;
        plan_id := l.plan_id;
        kelurahan_code := l.kelurahan_code;
        spent := l.spent;
        year := b.year;
        category := b.category;
        account_code := b.account_code;
      END $$`);

    // books: the month's share lock, then the cash account's row lock (the balance moved by all the postings is that
    // lock); the first write of a month or account makes its row. Refuses a closed month, then an overdraft.
    await q.query(BOOKS_PAYMENT_OPEN_1765800000000);

    // books: the entry's tax lines and what is withheld, then its postings from the balance books_payment_open found.
    // Answers the tax lines as toTaxView gives them.
    await q.query(`
      CREATE FUNCTION books_payment_post(p_entry uuid, p_kelurahan text, p_date date, p_account_code text, p_balance bigint,
        p_taxes jsonb, p_postings jsonb)
      RETURNS jsonb
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        v_year int := extract(year FROM p_date)::int;
        v_taxes jsonb := '[]'::jsonb;
      BEGIN
        IF jsonb_array_length(p_taxes) > 0 THEN
          WITH ins AS (
            INSERT INTO tax_line (id, spending_entry_id, kelurahan_code, year, booked_on, type, base, rate, amount, rule_id, reason)
            SELECT x.id, p_entry, p_kelurahan, v_year, p_date, x.type, x.base, x.rate, x.amount, x."ruleId", x.reason
              FROM jsonb_to_recordset(p_taxes) AS x(id uuid, type text, base bigint, rate numeric, amount bigint, "ruleId" text, reason text)
            RETURNING tax_line.seq, tax_line.id, tax_line.spending_entry_id, tax_line.type, tax_line.base, tax_line.rate, tax_line.amount,
                      tax_line.rule_id, tax_line.reason, tax_line.reverses_id)
          -- As toTaxView gives them: the rate without trailing zeros, as a JavaScript number prints.
          SELECT jsonb_agg(jsonb_build_object('id', ins.id, 'type', ins.type, 'base', ins.base, 'rate', trim_scale(ins.rate), 'amount', ins.amount,
                   'ruleId', ins.rule_id, 'reason', ins.reason) ORDER BY ins.seq)
            INTO v_taxes FROM ins;
          -- What is withheld: rows locked in type order first, then moved (as TaxService.moveWithheld).
          INSERT INTO tax_balance (kelurahan_code, year, type)
          SELECT p_kelurahan, v_year, t FROM (SELECT DISTINCT r->>'type' AS t FROM jsonb_array_elements(p_taxes) r) s ORDER BY t ON CONFLICT DO NOTHING;
          PERFORM 1 FROM tax_balance tb
            WHERE tb.kelurahan_code = p_kelurahan AND tb.year = v_year AND tb.type IN (SELECT r->>'type' FROM jsonb_array_elements(p_taxes) r)
            ORDER BY tb.type FOR UPDATE;
          UPDATE tax_balance tb SET withheld = tb.withheld + x.total
            FROM (SELECT r.type, sum(r.amount) AS total FROM jsonb_to_recordset(p_taxes) AS r(type text, amount bigint) GROUP BY r.type) x
           WHERE tb.kelurahan_code = p_kelurahan AND tb.year = v_year AND tb.type = x.type;
        END IF;

        -- The postings (as CashLedgerService.post), each with the account's running balance after it.
        INSERT INTO cash_posting (kelurahan_code, year, posted_on, account, kind, amount, balance_after, spending_entry_id, tax_line_id,
                                  reference_no, account_code, description)
        SELECT p_kelurahan, v_year, x.posted_on, x.account, x.kind, x.amount, p_balance + sum(x.amount) OVER (ORDER BY x.n),
               p_entry, x.tax_line_id, x.reference_no, p_account_code, x.description
          FROM ROWS FROM (jsonb_to_recordset(p_postings) AS (posted_on date, account text, kind text, amount bigint, tax_line_id uuid,
               reference_no text, description text)) WITH ORDINALITY AS x(posted_on, account, kind, amount, tax_line_id, reference_no, description, n)
         ORDER BY x.n;
        RETURN v_taxes;
      END $$`);

    // spending: the ledger row, both month totals and the nomor bukti, between the plans and books parts in the order
    // the locks were always taken (line, month, cash account, tax balances).
    await q.query(SPENDING_PAY_1765800000000);

    // A number as JavaScript prints the double JSON.parse makes of it (what the verifier hashes), laid out by
    // Number.prototype.toString's rules (exponent from 1e21 and below 1e-6). Its digits are the shortest that give that
    // double: those it was written with (JSON.stringify's, so a number the app sent comes back as sent) when no longer
    // than the float8 text's, else the float8 text's (a value with more digits than a double holds, e.g. a bigint past 2^53).
    await q.query(`
      CREATE FUNCTION audit_number(n numeric) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT SET extra_float_digits = 1 AS $$
      DECLARE
        src text[] := ARRAY[trim_scale(abs(n))::text, abs(n)::float8::text];
        m text[];
        d text;
        p int;
        k int;
        best_d text;
        best_p int;
      BEGIN
        -- Each text as its significant digits d and the place p of the decimal point (value = 0.d * 10^p).
        FOR i IN 1..2 LOOP
          m := regexp_match(src[i], '^([0-9]+)(?:\\.([0-9]+))?(?:e([-+][0-9]+))?$');
          d := m[1] || coalesce(m[2], '');
          p := length(m[1]) + coalesce(m[3]::int, 0) - (length(d) - length(ltrim(d, '0')));
          d := rtrim(ltrim(d, '0'), '0');
          IF i = 1 OR length(d) <= length(best_d) THEN
            best_d := d;
            best_p := p;
          END IF;
        END LOOP;
        d := best_d;
        p := best_p;
        k := length(d);
        IF k = 0 THEN
          RETURN '0';
        END IF;
        RETURN CASE WHEN n < 0 THEN '-' ELSE '' END || CASE
          WHEN k <= p AND p <= 21 THEN d || repeat('0', p - k)
          WHEN 0 < p AND p <= 21 THEN left(d, p) || '.' || substr(d, p + 1)
          WHEN -6 < p AND p <= 0 THEN '0.' || repeat('0', -p) || d
          ELSE left(d, 1) || CASE WHEN k > 1 THEN '.' || substr(d, 2) ELSE '' END || 'e' || CASE WHEN p > 0 THEN '+' ELSE '-' END || abs(p - 1)::text
        END;
      END $$`);

    // Keys sort as JavaScript compares strings, by UTF-16 code unit: a character above U+FFFF (a surrogate pair) sorts
    // before U+E000..U+FFFF, so in a non-ASCII key those get a U+10FFFF prefix (and U+10FFFF itself U+10FFFF U+0001)
    // before the byte order of "C" compares them. Numbers as audit_number prints them (NUMBER).
    await q.query(AUDIT_CANONICAL_1765800000000);

    // The partition as partitionOf (audit-hash.ts); the hash as AUDIT_HASH_SQL over AUDIT_AT_SQL, the head row made on the first event.
    await q.query(AUDIT_APPEND_1765800000000);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_append(uuid, text, text, text, text, text, text, jsonb, jsonb, text)`);
    await q.query(`DROP FUNCTION audit_canonical(jsonb)`);
    await q.query(`DROP FUNCTION audit_number(numeric)`);
    await q.query(`DROP FUNCTION spending_pay(uuid, uuid, text, boolean, date, bigint, text, text, text, text, text, uuid, text, boolean, jsonb, jsonb)`);
    await q.query(`DROP FUNCTION books_payment_post(uuid, text, date, text, bigint, jsonb, jsonb)`);
    await q.query(`DROP FUNCTION books_payment_open(text, date, text, bigint, jsonb, jsonb, boolean)`);
    await q.query(`DROP FUNCTION plans_line_charge(uuid, bigint, text, boolean, date)`);
    await new BookingRoundTrips1765700000000().up(q);
  }
}

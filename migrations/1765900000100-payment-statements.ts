import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AUDIT_APPEND_1765800000000, AUDIT_CANONICAL_1765800000000, BOOKS_PAYMENT_OPEN_1765800000000, NUMBER, SPENDING_PAY_1765800000000,
} from './1765800000000-spending-pay';

/**
 * A payment in fewer statements inside its one statement, with the same locks in the same order, the same refusals and
 * the same event hash. Each SQL statement a PL/pgSQL function runs costs an executor start and end, with the check
 * constraints of every table it writes prepared again; a payment ran about twenty.
 *   - spending_pay (spending): the ledger row, both month totals and the nomor bukti in one statement (data-modifying
 *     WITH), the nomor bukti's conflict read from what its INSERT returned.
 *   - books_payment_open (books): what the postings move, their count, whether one is on another account and what the
 *     taxes withhold, read from the JSON in one statement instead of three.
 *   - audit_append (audit): the event body's own keys written in their canonical order (the order canonicalJson gives
 *     the AuditBody keys: action, actor, actorId, after, before, entity, entityId, reason, regionCode, role), each value
 *     as audit_canonical prints it, so only `before` and `after` go through audit_canonical; the head moved and the event
 *     written in one statement, as AuditService.record does.
 *   - audit_canonical (audit): an empty object or array answers without a query.
 * test/e2e/audit-canonical.e2e-spec.ts holds SQL and Node to the same text and hash; down puts the first texts back.
 */
export class PaymentStatements1765900000100 implements MigrationInterface {
  name = 'PaymentStatements1765900000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION books_payment_open(p_kelurahan text, p_date date, p_method text, p_amount bigint, p_taxes jsonb, p_postings jsonb,
        p_refuse_overdraft boolean, OUT balance bigint, OUT balance_after bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        v_year int := extract(year FROM p_date)::int;
        v_month int := extract(month FROM p_date)::int;
        v_closed boolean;
        v_moved bigint;
        v_postings int;
        v_other boolean;
        v_withheld bigint;
      BEGIN
        SELECT bp.closed INTO v_closed FROM book_period bp WHERE bp.kelurahan_code = p_kelurahan AND bp.year = v_year AND bp.month = v_month FOR SHARE;
        IF NOT FOUND THEN
          INSERT INTO book_period (kelurahan_code, year, month) VALUES (p_kelurahan, v_year, v_month) ON CONFLICT DO NOTHING;
          SELECT bp.closed INTO v_closed FROM book_period bp WHERE bp.kelurahan_code = p_kelurahan AND bp.year = v_year AND bp.month = v_month FOR SHARE;
        END IF;
        SELECT coalesce(sum((r->>'amount')::bigint), 0), count(*), coalesce(bool_or(r->>'account' IS DISTINCT FROM p_method), false),
               (SELECT coalesce(sum((t->>'amount')::bigint), 0) FROM jsonb_array_elements(p_taxes) t)
          INTO v_moved, v_postings, v_other, v_withheld FROM jsonb_array_elements(p_postings) r;
        IF v_other THEN
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
        IF p_method <> 'LS' AND balance < p_amount - v_withheld AND p_refuse_overdraft THEN
          RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'BOOKS_INSUFFICIENT_CASH',
            DETAIL = json_build_object('account', p_method, 'balance', balance, 'needed', p_amount - v_withheld)::text;
        END IF;
      END $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION spending_pay(
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

        WITH entry AS (
          INSERT INTO spending_entry (id, plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee,
                                      evidence_no, reverses_id, reason, created_by, method, account_code)
          VALUES (p_id, l.id, l.plan_id, l.kelurahan_code, l.year, l.category, p_date, p_amount, p_description, p_payee,
                  p_evidence_no, NULL, NULL, p_created_by, p_method, l.account_code)
          RETURNING *),
        line_month AS (
          INSERT INTO plan_line_month_total AS t (plan_line_id, month, amount, entry_count) VALUES (l.id, v_month, p_amount, 1)
          ON CONFLICT (plan_line_id, month) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1),
        kelurahan_month AS (
          INSERT INTO kelurahan_month_total AS t (kelurahan_code, year, month, category, amount, entry_count)
          VALUES (l.kelurahan_code, l.year, v_month, l.category, p_amount, 1)
          ON CONFLICT (kelurahan_code, year, month, category) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1),
        evidence AS (
          INSERT INTO spending_evidence_no (kelurahan_code, year, evidence_key, spending_entry_id) VALUES (l.kelurahan_code, l.year, p_evidence_key, p_id)
          ON CONFLICT DO NOTHING
          RETURNING 1)
        SELECT entry.*, EXISTS (SELECT 1 FROM evidence) AS evidence_new INTO e FROM entry;
        IF NOT e.evidence_new THEN
          SELECT x.id, x.spent_on::text AS date, x.evidence_no INTO h FROM spending_evidence_no n JOIN spending_entry x ON x.id = n.spending_entry_id
           WHERE n.kelurahan_code = l.kelurahan_code AND n.year = l.year AND n.evidence_key = p_evidence_key;
          IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'DKREF', MESSAGE = 'SPENDING_DUPLICATE_EVIDENCE_NO',
              DETAIL = json_build_object('id', h.id, 'date', h.date, 'evidenceNo', h.evidence_no)::text;
          END IF;
        END IF;

        v_taxes := books_payment_post(p_id, l.kelurahan_code, p_date, l.account_code, c.balance, p_taxes, p_postings);

        RETURN jsonb_build_object(
          'id', e.id, 'seq', e.seq, 'planLineId', e.plan_line_id, 'planId', e.plan_id, 'kelurahanCode', e.kelurahan_code, 'year', e.year,
          'category', e.category, 'date', e.spent_on::text, 'amount', e.amount, 'description', e.description, 'payee', e.payee,
          'evidenceNo', e.evidence_no, 'reversesId', NULL, 'reversedById', NULL, 'reason', NULL,
          'createdAt', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'createdBy', e.created_by,
          'createdByName', p_created_by_name, 'method', e.method, 'accountCode', e.account_code, 'taxes', v_taxes,
          'overdraft', CASE WHEN p_method <> 'LS' AND c.balance_after < 0 THEN jsonb_build_object('account', p_method, 'balance', c.balance_after) END);
      END $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION audit_canonical(j jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
      BEGIN
        CASE jsonb_typeof(j)
          WHEN 'object' THEN
            IF j = '{}'::jsonb THEN RETURN '{}'; END IF;
            RETURN '{' || (SELECT string_agg(to_jsonb(k)::text || ':' || CASE jsonb_typeof(v) WHEN 'object' THEN audit_canonical(v) WHEN 'array' THEN audit_canonical(v)
                                                        WHEN 'number' THEN ${NUMBER('v')}
                                                        ELSE v::text END,
                                                      ',' ORDER BY (CASE WHEN octet_length(k) = length(k) THEN k
                                                                         ELSE regexp_replace(replace(k, chr(1114111), chr(1114111) || chr(1)), '([\\uE000-\\uFFFF])', chr(1114111) || '\\1', 'g') END) COLLATE "C")
                                      FROM jsonb_each(j) AS x(k, v)) || '}';
          WHEN 'array' THEN
            IF j = '[]'::jsonb THEN RETURN '[]'; END IF;
            RETURN '[' || (SELECT string_agg(CASE jsonb_typeof(v) WHEN 'object' THEN audit_canonical(v) WHEN 'array' THEN audit_canonical(v)
                                                        WHEN 'number' THEN ${NUMBER('v')}
                                                        ELSE v::text END, ',' ORDER BY n)
                                      FROM jsonb_array_elements(j) WITH ORDINALITY AS x(v, n)) || ']';
          WHEN 'number' THEN
            RETURN ${NUMBER('j')};
          ELSE
            RETURN j::text;
        END CASE;
      END $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION audit_append(p_actor_id uuid, p_actor text, p_role text, p_action text, p_entity text, p_entity_id text, p_region_code text,
                                   p_before jsonb, p_after jsonb, p_reason text)
      RETURNS TABLE (partition text, seq bigint, hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        v_partition text := CASE WHEN length(p_region_code) >= 5 THEN left(p_region_code, 5) ELSE 'nasional' END;
        v_at timestamptz := date_trunc('milliseconds', statement_timestamp());
        v_at_text text := regexp_replace(to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '000$', '') || 'Z';
        v_body text := '{"action":' || coalesce(to_jsonb(p_action)::text, 'null') || ',"actor":' || coalesce(to_jsonb(p_actor)::text, 'null')
          || ',"actorId":' || coalesce(to_jsonb(p_actor_id)::text, 'null') || ',"after":' || coalesce(audit_canonical(p_after), 'null')
          || ',"before":' || coalesce(audit_canonical(p_before), 'null') || ',"entity":' || coalesce(to_jsonb(p_entity)::text, 'null')
          || ',"entityId":' || coalesce(to_jsonb(p_entity_id)::text, 'null') || ',"reason":' || coalesce(to_jsonb(p_reason)::text, 'null')
          || ',"regionCode":' || coalesce(to_jsonb(p_region_code)::text, 'null') || ',"role":' || coalesce(to_jsonb(p_role)::text, 'null') || '}';
        h record;
      BEGIN
        FOR i IN 1..2 LOOP
          WITH p AS (
            UPDATE audit_partition ap
               SET seq = ap.seq + 1, prev_head = ap.head,
                   head = encode(sha256(convert_to(ap.head || E'\\n' || ap.partition || E'\\n' || (ap.seq + 1)::text || E'\\n' || v_at_text || E'\\n' || v_body, 'UTF8')), 'hex')
             WHERE ap.partition = v_partition
            RETURNING ap.seq, ap.prev_head, ap.head)
          INSERT INTO audit_event (partition, seq, at, actor_id, actor, role, action, entity, entity_id, region_code, before, after, reason, prev_hash, hash)
          SELECT v_partition, p.seq, v_at, p_actor_id, p_actor, p_role, p_action, p_entity, p_entity_id, p_region_code, p_before, p_after, p_reason, p.prev_head, p.head
            FROM p
          RETURNING audit_event.seq, audit_event.hash INTO h;
          EXIT WHEN FOUND;
          INSERT INTO audit_partition (partition, seq, head, prev_head) VALUES (v_partition, 0, repeat('0', 64), repeat('0', 64)) ON CONFLICT (partition) DO NOTHING;
        END LOOP;
        partition := v_partition;
        seq := h.seq;
        hash := h.hash;
        RETURN NEXT;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_append(uuid, text, text, text, text, text, text, jsonb, jsonb, text)`);
    await q.query(`DROP FUNCTION audit_canonical(jsonb)`);
    await q.query(`DROP FUNCTION spending_pay(uuid, uuid, text, boolean, date, bigint, text, text, text, text, text, uuid, text, boolean, jsonb, jsonb)`);
    await q.query(`DROP FUNCTION books_payment_open(text, date, text, bigint, jsonb, jsonb, boolean)`);
    await q.query(BOOKS_PAYMENT_OPEN_1765800000000);
    await q.query(SPENDING_PAY_1765800000000);
    await q.query(AUDIT_CANONICAL_1765800000000);
    await q.query(AUDIT_APPEND_1765800000000);
  }
}

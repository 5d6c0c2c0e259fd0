import * as fc from 'fast-check';
import { JwtService } from '@nestjs/jwt';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createUser, insertUser, TestUser } from '../helpers/users';

/**
 * Property-based fuzzing of every write route in /api/docs-json (issue #16): generated bodies (shaped by each
 * route's OpenAPI schema, then bent: wrong types, extremes, control and direction characters, deep and huge
 * values, raw non-JSON), path parameters, query strings and Idempotency-Keys, sent as every role and as nobody.
 * The property: never a 5xx, and every 4xx in the error contract. FUZZ_RUNS (default 3000) sets the total.
 */

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// A login runs argon2 (tens of milliseconds): it gets a small share, the rest is spread evenly.
const LOGIN_SHARE = 0.03;
const KEL = '35.73.01.1001';
const YEAR = new Date().getFullYear();

type Method = 'post' | 'put' | 'patch' | 'delete';
interface Route {
  method: Method;
  path: string;
  contentTypes: string[];
  schema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  allOf?: Schema[];
}
interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\u202Etxt.exe', 'Bale\u200Barjosari', '\uD800', '\uDFFF\uD800', 'İ', 'ǅ', '\uFEFF',
  'x'.repeat(10_001), '1e300', '184467440737095517', '-1', '0', 'NaN', 'Infinity', 'null', 'true', '__proto__',
  'constructor', "' OR 1=1 --", '"; DROP TABLE plan; --', '<script>alert(1)</script>', '../../etc/passwd', '%00',
  '35.73.01.1001', '35.73', '35.73.01', '35', '35.73.01.1001.1', '00000000-0000-0000-0000-000000000000',
  '00000000-0000-4000-8000-000000000000', '9999-12-31', '0000-00-00', '2026-02-30', '2026-13-01', 'Paket', 'PAKET',
  'DAU_SG', 'APBD', 'TUNAI', 'Q1', 'FY', 'M13', 'A1', 'B7', 'sarpras', '5.1.02.01.01.0052', 'Rp 1.000',
];
const NASTY_NUMBERS = [0, -1, 1, 0.5, -0.0, 1e13, 1e13 + 1, 9_999_999_999_999, Number.MAX_SAFE_INTEGER, 2 ** 63, 1e300, -1e300, 2019, 2100, 99999];

const nastyString = fc.constantFrom(...NASTY_STRINGS);
const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }), nastyString);
const anyNumber = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer(), fc.double({ noNaN: true }), fc.integer({ min: -5, max: 2_000_000_000 }));
const anyScalar = fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant(null));
const anyJson = fc.oneof(anyScalar, fc.jsonValue({ maxDepth: 4 }), fc.array(anyScalar, { maxLength: 5 }), fc.dictionary(anyString, anyScalar, { maxKeys: 4 }));

function resolve(spec: Spec, s: Schema | undefined, depth = 0): Schema | undefined {
  if (!s || depth > 5) return s;
  if (s.$ref) return resolve(spec, spec.components?.schemas?.[s.$ref.split('/').pop()!], depth + 1);
  if (s.allOf?.length) {
    const parts = s.allOf.map((p) => resolve(spec, p, depth + 1) ?? {});
    return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
  }
  return s;
}

/** Values near what the schema expects, and values that are not. */
function valueFor(spec: Spec, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(spec, raw);
  const plausible: Array<fc.Arbitrary<unknown>> = [];
  if (s?.enum?.length) plausible.push(fc.constantFrom(...s.enum));
  if (s?.example !== undefined) plausible.push(fc.constant(s.example));
  if (s?.type === 'integer' || s?.type === 'number') plausible.push(anyNumber);
  if (s?.type === 'string') plausible.push(anyString);
  if (s?.type === 'boolean') plausible.push(fc.boolean());
  if (s?.type === 'array' && depth < 3) plausible.push(fc.array(valueFor(spec, s.items, depth + 1), { maxLength: 4 }));
  if ((s?.type === 'object' || s?.properties) && depth < 3) plausible.push(objectFor(spec, s, depth + 1));
  if (!plausible.length) return anyJson;
  return fc.oneof({ weight: 5, arbitrary: fc.oneof(...plausible) }, { weight: 1, arbitrary: anyScalar }, { weight: 1, arbitrary: anyJson });
}

function objectFor(spec: Spec, s: Schema | undefined, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(resolve(spec, s)?.properties ?? {});
  const shaped = fc.record(Object.fromEntries(props.map(([k, p]) => [k, valueFor(spec, p, depth)])), { requiredKeys: [] });
  // Sometimes a key no DTO has (Object.prototype names included).
  const extra = fc.option(fc.tuple(fc.constantFrom('isAdmin', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'id', 'status'), anyScalar), { freq: 4 });
  return fc.tuple(shaped, extra).map(([o, x]) => (x ? { ...o, [x[0]]: x[1] } : o));
}

/** A raw body: JSON of the right shape, any JSON, or text that is not JSON at all. */
function bodyFor(spec: Spec, route: Route): fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> {
  const json = (v: fc.Arbitrary<unknown>) => v.map((b) => ({ payload: JSON.stringify(b) ?? 'null', contentType: 'application/json' }));
  const raw = fc.oneof(
    fc.constantFrom('', '{', '{"a":', '[1,2', 'null', '"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', `${'['.repeat(3000)}${']'.repeat(3000)}`, `{"a":${'{"a":'.repeat(50)}1${'}'.repeat(50)}}`),
    fc.string({ unit: 'binary', maxLength: 60 }),
  ).map((payload) => ({ payload, contentType: 'application/json' }));
  const wrongType = fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'), fc.string({ maxLength: 40 }))
    .map(([contentType, payload]) => ({ payload, contentType }));
  const none = fc.constant({});
  const options: Array<{ weight: number; arbitrary: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> }> = [
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: none },
    { weight: 1, arbitrary: json(anyJson) },
  ];
  if (route.contentTypes.includes('application/json') || !route.contentTypes.length) options.push({ weight: 8, arbitrary: json(objectFor(spec, route.schema)) });
  if (route.contentTypes.includes('text/csv')) {
    const header = 'kode_provinsi,nama_provinsi,kode_kabkota,nama_kabkota,kode_kecamatan,nama_kecamatan,kode_kelurahan,nama_kelurahan';
    const row = fc.array(fc.oneof(anyString, fc.constantFrom('35', 'Jawa Timur', '35.73', 'Kota Malang', '35.73.01', 'Blimbing', '35.73.01.1001', 'Balearjosari')), { minLength: 0, maxLength: 9 })
      .map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
    const csv = fc.tuple(fc.boolean(), fc.array(row, { maxLength: 4 })).map(([withHeader, rows]) => [withHeader ? header : '', ...rows].join('\n'));
    options.push({ weight: 6, arbitrary: csv.map((payload) => ({ payload, contentType: 'text/csv' })) });
    options.push({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((b) => ({ payload: Buffer.from(b), contentType: 'text/csv' })) });
  }
  if (route.contentTypes.some((c) => c.startsWith('multipart/'))) {
    const part = fc.tuple(fc.constantFrom('file', 'berkas', ''), fc.uint8Array({ maxLength: 200 }), fc.constantFrom('application/pdf', 'text/plain', ''))
      .map(([field, bytes, type]) => {
        const b = 'fuzzbatas';
        const head = `--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="a.pdf"\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`;
        return { payload: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${b}--\r\n`)]), contentType: `multipart/form-data; boundary=${b}` };
      });
    options.push({ weight: 6, arbitrary: part });
  }
  return fc.oneof(...options);
}

interface FuzzWorld {
  t: TestApp;
  tokens: Record<string, string | null>;
  ids: Record<string, string[]>;
  fresh: () => Promise<string>;
}

function paramFor(w: FuzzWorld, name: string): fc.Arbitrary<string> {
  const known = w.ids[name] ?? [];
  const plausible = known.length ? fc.constantFrom(...known) : fc.uuid();
  return fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: fc.uuid() }, { weight: 2, arbitrary: nastyString }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) }, { weight: 1, arbitrary: fc.integer().map(String) });
}

function caseFor(spec: Spec, w: FuzzWorld, route: Route) {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const params = fc.tuple(...names.map((n) => paramFor(w, n)));
  const query = fc.option(fc.dictionary(fc.constantFrom('page', 'kabkota', 'year', 'region', 'x'), anyString, { maxKeys: 2 }), { freq: 3 });
  const idem = fc.option(fc.oneof(fc.uuid(), nastyString, fc.string({ maxLength: 20 })), { freq: 3 });
  const actor = fc.constantFrom(...Object.keys(w.tokens));
  return fc.record({ actor, params, query, idem, body: bodyFor(spec, route) });
}

const CONTRACT_KEYS = ['code', 'details', 'message', 'statusCode'];

// A lone surrogate has no UTF-8 form: a client would send the bytes a broken encoder makes of it (ED A0 80).
function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.split(/[\uD800-\uDFFF]/).map(encodeURIComponent).join('%ED%A0%80');
  }
}

describe('fuzzing every write route (issue #16)', () => {
  let w: FuzzWorld;
  let spec: Spec;
  let routes: Route[];
  const counts = { cases: 0, byStatus: {} as Record<string, number> };

  beforeAll(async () => {
    const t = await createTestApp({ LOGIN_RATE_LIMIT_IP: '1000000', LOGIN_RATE_LIMIT_USERNAME: '20' });
    await importKabkota(t, '35.73');
    const admin = await createUser(t, 'admin', '35.73');
    const national = await createUser(t, 'admin', null);
    const camat = await createUser(t, 'camat', '35.73.01');
    const lurah = await createUser(t, 'lurah', KEL);
    const bendahara = await createUser(t, 'bendahara', KEL);
    const auditor = await createUser(t, 'auditor', '35.73');
    const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
    await t.http().put(`/api/allocations/${YEAR}/${KEL}`).set(auth(admin)).send({ amount: 1_000_000_000 }).expect(200);
    await t.http().put(`/api/allocations/${YEAR}/35.73.01.1002`).set(auth(admin)).send({ amount: 1_000_000_000 }).expect(200);
    const line = { category: 'sarpras', subType: 'A1', description: 'Saluran drainase', accountCode: '5.2.04.01.01.0001', volume: 10, unit: 'PAKET', unitPrice: 5_000_000 };
    const approved = (await t.http().post('/api/plans').set(auth(lurah)).send({ kelurahanCode: KEL, year: YEAR }).expect(201)).body.id;
    const approvedLine = (await t.http().post(`/api/plans/${approved}/lines`).set(auth(lurah)).send(line).expect(201)).body.id;
    await t.http().post(`/api/plans/${approved}/submit`).set(auth(lurah)).expect(200);
    await t.http().post(`/api/plans/${approved}/approve`).set(auth(camat)).expect(200);
    const entry = (await t.http().post('/api/spending').set(auth(bendahara))
      .send({ planLineId: approvedLine, date: `${YEAR}-01-15`, amount: 100_000, description: 'Semen', payee: 'Toko Bangunan', evidenceNo: 'KW-1' }).expect(201)).body.id;
    const lurah2 = await createUser(t, 'lurah', '35.73.01.1002');
    const draft = (await t.http().post('/api/plans').set(auth(lurah2)).send({ kelurahanCode: '35.73.01.1002', year: YEAR }).expect(201)).body.id;
    const draftLine = (await t.http().post(`/api/plans/${draft}/lines`).set(auth(lurah2)).send(line).expect(201)).body.id;
    const victims = [await insertUser(t.db, 'lurah', KEL), await insertUser(t.db, 'bendahara', KEL)].map((u) => u.id);

    const jwt = t.app.get(JwtService);
    w = {
      t,
      tokens: {
        anonymous: null, bogus: 'bukan.token.sah', admin: admin.token, national: national.token, camat: camat.token,
        lurah: lurah.token, lurah2: lurah2.token, bendahara: bendahara.token, auditor: auditor.token,
      },
      ids: {
        id: [approved, draft, entry, ...victims],
        lineId: [approvedLine, draftLine],
        year: [String(YEAR), String(YEAR + 1)],
        kelurahanCode: [KEL, '35.73.01.1002', '35.73.02.1001'],
        number: ['DK/35.73.01.1001/2026/000001'],
      },
      // A throw-away user for the routes that end the caller's sessions (logout, password change).
      fresh: async () => {
        const u = await insertUser(t.db, 'lurah', KEL);
        return jwt.signAsync({ sub: u.id, ep: 0 });
      },
    };
    spec = (await t.http().get('/api/docs-json').expect(200)).body as Spec;
    routes = Object.entries(spec.paths).flatMap(([p, ops]) =>
      (['post', 'put', 'patch', 'delete'] as const)
        .filter((m) => ops[m])
        .map((m) => {
          const content = ops[m].requestBody?.content ?? {};
          return { method: m, path: p, contentTypes: Object.keys(content), schema: content['application/json']?.schema };
        }),
    );
  }, 180_000);

  afterAll(async () => {
    const line = `fuzz: ${counts.cases} generated requests over ${routes?.length ?? 0} write routes (FUZZ_RUNS=${TOTAL_RUNS}); statuses ${JSON.stringify(counts.byStatus)}`;
    process.stdout.write(`\n${line}\n`);
    await w?.t.close();
  });

  it('sends every write route generated requests: never a 5xx, every 4xx in the error contract', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(19);
    const fastify = w.t.app.getHttpAdapter().getInstance();
    const logins = routes.filter((r) => r.path === '/api/auth/login').length;
    const perLogin = Math.max(10, Math.round(TOTAL_RUNS * LOGIN_SHARE));
    const perRoute = Math.max(10, Math.ceil((TOTAL_RUNS - perLogin * logins) / Math.max(1, routes.length - logins)));
    const failures: string[] = [];

    for (const route of routes) {
      const numRuns = route.path === '/api/auth/login' ? perLogin : perRoute;
      await fc.assert(
        fc.asyncProperty(caseFor(spec, w, route), async (c) => {
          let next = 0;
          const path = route.path.replace(/\{([^}]+)\}/g, () => encodeSegment(c.params[next++] ?? ''));
          const qs = c.query ? `?${new URLSearchParams(c.query).toString()}` : '';
          const headers: Record<string, string> = {};
          let token = w.tokens[c.actor];
          if (token && (route.path === '/api/auth/logout' || route.path === '/api/auth/password')) token = await w.fresh();
          if (token) headers.authorization = `Bearer ${token}`;
          if (c.idem) headers['idempotency-key'] = c.idem;
          if (c.body.contentType) headers['content-type'] = c.body.contentType;
          let res: Awaited<ReturnType<typeof fastify.inject>>;
          try {
            res = await fastify.inject({ method: route.method.toUpperCase() as 'POST', url: path + qs, headers, payload: c.body.payload });
          } catch (e) {
            failures.push(`request could not be sent: ${(e as Error).stack}`);
            return false;
          }
          counts.cases++;
          const bucket = `${Math.floor(res.statusCode / 100)}xx`;
          counts.byStatus[bucket] = (counts.byStatus[bucket] ?? 0) + 1;
          const label = `${route.method.toUpperCase()} ${path + qs} as ${c.actor} (${c.body.contentType ?? 'no body'}: ${String(c.body.payload ?? '').slice(0, 120)})`;
          if (res.statusCode >= 500) {
            failures.push(`${res.statusCode} ${label}: ${res.body.slice(0, 300)}`);
            return false;
          }
          if (res.statusCode >= 400) {
            let body: Record<string, unknown>;
            try {
              body = JSON.parse(res.body);
            } catch {
              failures.push(`${res.statusCode} not JSON ${label}: ${res.body.slice(0, 200)}`);
              return false;
            }
            const ok =
              Object.keys(body).sort().join() === CONTRACT_KEYS.join() &&
              body.statusCode === res.statusCode &&
              typeof body.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(body.code) &&
              typeof body.message === 'string' && body.message.length > 0 &&
              Array.isArray(body.details) && (body.details as unknown[]).every((d) => typeof (d as { message?: unknown }).message === 'string');
            if (!ok) {
              failures.push(`${res.statusCode} outside the contract ${label}: ${res.body.slice(0, 300)}`);
              return false;
            }
          }
          return true;
        }),
        { numRuns, seed: SEED, endOnFailure: true },
      ).catch((e: Error) => {
        // A failing case is already in `failures`, with the request that made it; anything else is a fault here.
        if (!failures.length) failures.push(`${route.method.toUpperCase()} ${route.path}: ${e.message.slice(0, 600)}`);
      });
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(counts.cases).toBeGreaterThanOrEqual(Math.min(TOTAL_RUNS, routes.length * 10));
  }, 1_200_000);
});

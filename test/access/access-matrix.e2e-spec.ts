import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTORS, MatrixCase, World } from './matrix.types';
import { buildWorld, send } from './world';

/** Routes that need no login, so have no access to check. */
const PUBLIC_ROUTES = new Set(['GET /api/health', 'GET /api/health/live', 'POST /api/auth/login']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface LoadedFile {
  file: string;
  cases: MatrixCase[];
  error?: string;
}

// Every test/access/*.matrix.ts contributes `export const cases`; loaded at collection time so each call is its own test.
const loaded: LoadedFile[] = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.matrix.ts'))
  .sort()
  .map((file) => {
    try {
      const mod = require(path.join(__dirname, file)) as { cases?: unknown };
      if (!Array.isArray(mod.cases)) return { file, cases: [], error: `${file} does not export \`cases: MatrixCase[]\`` };
      return { file, cases: mod.cases as MatrixCase[] };
    } catch (e) {
      return { file, cases: [], error: `${file} failed to load: ${(e as Error).message}` };
    }
  });

/** 'POST /api/plans/{id}/submit' → matcher for a concrete method and path (query string ignored). */
function routeMatcher(endpoint: string): (method: string, urlPath: string) => boolean {
  const [method, template] = endpoint.split(' ');
  const re = new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$');
  return (m, p) => m.toUpperCase() === method && re.test(p.split('?')[0]);
}

describe('access matrix', () => {
  let w: World;

  beforeAll(async () => {
    w = await buildWorld();
  }, 120_000);
  afterAll(async () => {
    await w?.t.close();
  });

  for (const { file, cases, error } of loaded) {
    describe(file, () => {
      if (error) {
        it('loads', () => {
          throw new Error(error);
        });
        return;
      }
      const seen = new Map<string, number>();
      for (const c of cases) {
        const n = (seen.get(c.endpoint) ?? 0) + 1;
        seen.set(c.endpoint, n);
        const label = n > 1 ? `${c.endpoint} (case ${n})` : c.endpoint;
        const matches = routeMatcher(c.endpoint);
        for (const actor of ACTORS) {
          const status = c.expect[actor];
          it(`${label} as ${actor} → ${status}`, async () => {
            if (typeof status !== 'number') throw new Error(`${file}: case ${label} has no expected status for ${actor}`);
            const req = await c.request(w, actor);
            if (!matches(req.method, req.path)) {
              throw new Error(`${file}: case ${label} sent ${req.method.toUpperCase()} ${req.path}, which is not that route`);
            }
            const res = await send(w, actor, req);
            if (res.status !== status) {
              throw new Error(`${req.method.toUpperCase()} ${req.path} as ${actor}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
            }
          });
        }
      }
    });
  }

  it('covers every route in /api/docs-json (except login and health) with at least one case', async () => {
    const spec = (await w.t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([p, ops]) =>
      METHODS.filter((m) => ops[m]).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const covered = new Set(loaded.flatMap((f) => f.cases.map((c) => c.endpoint)));
    const uncovered = routes.filter((r) => !PUBLIC_ROUTES.has(r) && !covered.has(r)).sort();
    const unknown = [...covered].filter((e) => !routes.includes(e)).sort();
    const problems = [
      ...uncovered.map((r) => `not covered by any test/access/*.matrix.ts case: ${r}`),
      ...unknown.map((e) => `matrix case names a route that is not in the API: ${e}`),
    ];
    if (problems.length) throw new Error(`Access matrix incomplete:\n  ${problems.join('\n  ')}`);
  });
});

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';
import { OPENAPI_FILE } from '../../src/openapi/generate-openapi';

/**
 * The proof that a client can be generated from openapi.json: openapi-typescript turns the committed document into
 * types, and a small openapi-fetch client written against them compiles. A wrong path or parameter name does not.
 * (`--default-non-nullable false`: a request field with a default, such as `method`, stays optional.)
 */
const CLIENT = `import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type ErrorCode = components['schemas']['ErrorCode'];

const api = createClient<paths>({ baseUrl: 'http://localhost:3000' });

export async function login(username: string, password: string): Promise<string> {
  const { data, error } = await api.POST('/api/auth/login', { body: { username, password } });
  if (error) throw new Error(error.code);
  return data.accessToken;
}

/** Submits a plan; a refusal comes back as its machine code, typed from the catalogue. */
export async function submitPlan(token: string, id: string): Promise<number | ErrorCode> {
  const { data, error } = await api.POST('/api/plans/{id}/submit', {
    params: { path: { id } },
    headers: { Authorization: \`Bearer \${token}\` },
  });
  if (error) return error.code;
  return data.total;
}

export async function recordSpending(token: string, planLineId: string): Promise<string | ErrorCode> {
  const { data, error } = await api.POST('/api/spending', {
    headers: { Authorization: \`Bearer \${token}\`, 'Idempotency-Key': 'kw-017-iii-2026' },
    body: {
      planLineId,
      date: '2026-03-12',
      amount: 12_500_000,
      description: 'Pembelian semen 50 sak untuk paving RW 03',
      payee: 'UD Sumber Rejeki',
      evidenceNo: 'KW-017/III/2026',
    },
  });
  if (error) return error.code;
  return data.id;
}

export async function errorCatalogue(): Promise<Array<{ code: string; status: number }>> {
  const { data } = await api.GET('/api/errors');
  return data?.items ?? [];
}

export function wrongOnPurpose(token: string): void {
  // @ts-expect-error MARK: a path that is not in the API
  void api.GET('/api/plan/{id}', { params: { path: { id: 'x' } } });
  // @ts-expect-error MARK: a path parameter under the wrong name
  void api.GET('/api/plans/{id}', { params: { path: { planId: 'x' } }, headers: { Authorization: token } });
  // @ts-expect-error MARK: a code that is not in the catalogue
  const code: ErrorCode = 'PLAN_TOO_EXPENSIVE';
  void code;
}
`;

const TSCONFIG = {
  compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
  files: ['client.ts'],
};

const bin = (pkg: string, file: string) => path.join(PROJECT_ROOT, 'node_modules', pkg, file);

function tsc(dir: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [bin('typescript', 'bin/tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('a client generated from openapi.json', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-client-'));
    // An ES module package of its own (openapi-fetch is ESM only) that resolves the project's packages.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    execFileSync(process.execPath, [bin('openapi-typescript', 'bin/cli.js'), OPENAPI_FILE, '--default-non-nullable', 'false', '--output', path.join(dir, 'schema.d.ts')], {
      stdio: 'pipe',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates types for every path of the document', () => {
    const schema = fs.readFileSync(path.join(dir, 'schema.d.ts'), 'utf8');
    const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, unknown> };
    const missing = Object.keys(doc.paths).filter((p) => !schema.includes(`"${p}": {`));
    expect(missing).toEqual([]);
  });

  it('compiles a typed openapi-fetch client against them', () => {
    fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    expect(tsc(dir)).toEqual({ ok: true, output: '' });
  }, 120_000);

  it('refuses the same client with a wrong path, a wrong parameter name or an unknown code', () => {
    // Without the expect-error marks, each wrong line must be a compile error of its own.
    fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT.replace(/^\s*\/\/ @ts-expect-error MARK:.*\n/gm, ''));
    const { ok, output } = tsc(dir);
    expect(ok).toBe(false);
    const lines = CLIENT.replace(/^\s*\/\/ @ts-expect-error MARK:.*\n/gm, '').split('\n');
    const wrong = ['/api/plan/{id}', 'planId', 'PLAN_TOO_EXPENSIVE'].map((s) => lines.findIndex((l) => l.includes(s)) + 1);
    for (const line of wrong) expect(output).toMatch(new RegExp(`client\\.ts\\(${line},\\d+\\): error TS`));
  }, 120_000);
});

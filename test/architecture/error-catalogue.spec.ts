import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorCatalogue, ErrorFactory } from '../../src/common/errors/catalogue';
import { CATALOGUES, ERROR_STATUS } from '../../src/error-catalogue';

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

const isFactory = (v: unknown): v is ErrorFactory<ErrorCatalogue> =>
  typeof v === 'object' && v !== null && 'catalogue' in v && typeof (v as { error?: unknown }).error === 'function';

describe('error catalogues', () => {
  const sources = filesUnder(path.join(ROOT, 'src'));

  it('are all in the one code → status table (src/error-catalogue.ts)', () => {
    const declared = sources.filter((f) => f.endsWith('.errors.ts'));
    expect(declared.length).toBeGreaterThanOrEqual(8);
    for (const file of declared) {
      const factories = Object.values(require(file) as Record<string, unknown>).filter(isFactory);
      expect({ file: path.relative(ROOT, file), factories: factories.length }).toEqual({ file: path.relative(ROOT, file), factories: 1 });
      expect(CATALOGUES).toContain(factories[0]);
    }
  });

  it('give every code a status and a message in Bahasa Indonesia', () => {
    for (const f of CATALOGUES) {
      for (const [code, spec] of Object.entries(f.catalogue)) {
        expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS]).toBe(spec.status);
        expect(typeof spec.message === 'function' || /[a-z]/.test(spec.message)).toBe(true);
      }
    }
    expect(ERROR_STATUS).toMatchObject({ PLAN_NOT_FOUND: 404, SPENDING_EXCEEDS_LINE: 422, REGION_NOT_FOUND: 404, VALIDATION_FAILED: 400, FORBIDDEN_ROLE: 403 });
  });

  it('are the one way errors are built: no AppError constructed by hand outside the catalogue mechanism', () => {
    const allowed = new Set(['src/common/errors/app-error.ts', 'src/common/errors/catalogue.ts', 'src/database/mutation-runner.ts']);
    const offenders = sources
      .filter((f) => !allowed.has(path.relative(ROOT, f)))
      .filter((f) => /new AppError\(|new (BadRequest|NotFound|Forbidden|Conflict|UnprocessableEntity|Unauthorized)Exception\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});

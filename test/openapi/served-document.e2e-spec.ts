import * as fs from 'node:fs';
import { ERROR_STATUS } from '../../src/error-catalogue';
import { OPENAPI_FILE } from '../../src/openapi/generate-openapi';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('the served API document and error catalogue', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('serves at /api/docs-json exactly the committed openapi.json', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body).toEqual(JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')));
  });

  it('lists every code with its status and message at GET /api/errors, without login', async () => {
    const res = await t.http().get('/api/errors').expect(200);
    const items = res.body.items as Array<{ code: string; status: number; message: string; parameterised: boolean }>;
    expect(res.body.total).toBe(items.length);
    expect(Object.fromEntries(items.map((i) => [i.code, i.status]))).toEqual(ERROR_STATUS);
    expect(items.find((i) => i.code === 'PLAN_OVER_ALLOCATION')).toEqual({
      code: 'PLAN_OVER_ALLOCATION',
      status: 422,
      message: expect.stringMatching(/^Total rencana Rp.* melebihi pagu Rp/),
      parameterised: true,
    });
    expect(items.find((i) => i.code === 'SPENDING_ALREADY_REVERSED')).toMatchObject({ status: 409, parameterised: false });
    expect(items.map((i) => i.code)).toEqual([...items.map((i) => i.code)].sort());
  });

  it('answers a real refusal with a code the document lists for that operation and status', async () => {
    const res = await t.http().post('/api/plans').send({ kelurahanCode: '35.73.01.1001', year: 2026 }).expect(401);
    const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'));
    expect(doc.paths['/api/plans'].post.responses['401']['x-error-codes']).toContain(res.body.code);
  });
});

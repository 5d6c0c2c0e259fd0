import type { TestApp } from '../helpers/test-app';
import { createApprovedPlan, setAllocation } from '../helpers/plans';
import type { Actor, MatrixCase, World } from './matrix.types';
import { HOME } from './world';

// A year of its own, so these plans never meet the ones plans.matrix.ts creates and drops.
const YEAR = 2021;

// Any logged-in role reads reports, each within its own scope; outside it answers like a missing region.
const KELURAHAN_READ: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};
const KECAMATAN_READ: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 404, lurahOther: 404, bendahara: 404, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};
const KABKOTA_READ: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 404, camatOther: 404,
  lurah: 404, lurahOther: 404, bendahara: 404, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};

const plans = new WeakMap<TestApp, Promise<string>>();
/** One approved home plan per world (with its allocation), for the plan PDF. */
function homePlan(w: World): Promise<string> {
  let p = plans.get(w.t);
  if (!p) {
    p = (async () => {
      await setAllocation(w.t, HOME.kelurahan, YEAR, 500_000_000);
      const plan = await createApprovedPlan(w.t, {
        kelurahanCode: HOME.kelurahan,
        year: YEAR,
        allocation: null,
        lines: [{ category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: 'Drainase matriks', volume: 10, unit: 'm', unitPrice: 1_000_000 }],
      });
      return plan.planId;
    })();
    plans.set(w.t, p);
  }
  return p;
}

const report = (file: string, region: string, expect: Record<Actor, number>): MatrixCase => ({
  endpoint: `GET /api/reports/${file}`,
  request: async () => ({ method: 'get', path: `/api/reports/${file}?region=${region}&year=${YEAR}&period=Q2` }),
  expect,
});

export const cases: MatrixCase[] = [
  report('summary', HOME.kelurahan, KELURAHAN_READ),
  report('summary', HOME.kecamatan, KECAMATAN_READ),
  report('summary', HOME.kabkota, KABKOTA_READ),
  report('realisasi.pdf', HOME.kelurahan, KELURAHAN_READ),
  report('realisasi.pdf', HOME.kecamatan, KECAMATAN_READ),
  report('realisasi.xlsx', HOME.kelurahan, KELURAHAN_READ),
  report('realisasi.xlsx', HOME.kabkota, KABKOTA_READ),
  report('realisasi.csv', HOME.kelurahan, KELURAHAN_READ),
  report('realisasi.csv', HOME.kecamatan, KECAMATAN_READ),
  {
    endpoint: 'GET /api/plans/{id}/pdf',
    request: async (w) => ({ method: 'get', path: `/api/plans/${await homePlan(w)}/pdf` }),
    expect: KELURAHAN_READ,
  },
  {
    // A job belongs to whoever asked for it: any other caller, in scope or not, gets the answer for a missing job
    // (report-jobs.e2e-spec.ts covers the owner's 202 and 200).
    endpoint: 'GET /api/reports/jobs/{id}',
    request: async () => ({ method: 'get', path: '/api/reports/jobs/00000000-0000-4000-8000-000000000000' }),
    expect: {
      anonymous: 401, nationalAdmin: 404, admin: 404, adminOther: 404, camat: 404, camatOther: 404,
      lurah: 404, lurahOther: 404, bendahara: 404, bendaharaOther: 404, auditor: 404, auditorOther: 404,
    },
  },
];

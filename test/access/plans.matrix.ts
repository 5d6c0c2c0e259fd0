import { createPlanInState, type PlanState } from '../helpers/plans';
import type { Actor, MatrixCase, World } from './matrix.types';
import { HOME } from './world';

// Plans of the home kelurahan for one year kept for this file: each call starts from a fresh plan in the state it needs.
export const PLANS_MATRIX_YEAR = 2020;

const LINE = { category: 'pemberdayaan', subType: 'B4', description: 'Makan minum rapat LPM', accountCode: '5.1.02.01.01.0052', volume: 10, unit: 'ORANG_KALI', unitPrice: 30_000 };

/** Removes the home plan of the matrix year (never one with spending) so the next one can be created. */
async function dropHomePlan(w: World): Promise<void> {
  const rows: Array<{ id: string }> = await w.t.db.query(`SELECT id FROM plan WHERE kelurahan_code = $1 AND year = $2`, [HOME.kelurahan, PLANS_MATRIX_YEAR]);
  if (!rows.length) return;
  const id = rows[0].id;
  const [{ n }] = await w.t.db.query(`SELECT count(*)::int AS n FROM spending_entry WHERE plan_id = $1`, [id]);
  if (n > 0) throw new Error(`plans.matrix: the ${PLANS_MATRIX_YEAR} plan of ${HOME.kelurahan} has spending; use another year in that matrix`);
  await w.t.db.transaction(async (m) => {
    await m.query(`UPDATE plan SET in_force_version = NULL WHERE id = $1`, [id]);
    await m.query(`DELETE FROM plan_line_version WHERE plan_id = $1`, [id]);
    await m.query(`DELETE FROM plan_line WHERE plan_id = $1`, [id]);
    await m.query(`DELETE FROM plan_version WHERE plan_id = $1`, [id]);
    await m.query(`DELETE FROM plan WHERE id = $1`, [id]);
  });
}

async function freshPlan(w: World, state: PlanState): Promise<{ planId: string; lineId: string }> {
  await dropHomePlan(w);
  const p = await createPlanInState(w.t, state, {
    kelurahanCode: HOME.kelurahan,
    year: PLANS_MATRIX_YEAR,
    lines: [LINE, { ...LINE, description: 'Konsumsi rapat PKK' }],
    lurah: w.users.lurah,
    camat: w.users.camat,
  });
  return { planId: p.planId, lineId: p.lineIds[0] };
}

/** For reads: any existing home plan of the matrix year will do. */
async function somePlan(w: World): Promise<string> {
  const rows: Array<{ id: string }> = await w.t.db.query(`SELECT id FROM plan WHERE kelurahan_code = $1 AND year = $2`, [HOME.kelurahan, PLANS_MATRIX_YEAR]);
  return rows.length ? rows[0].id : (await freshPlan(w, 'draft')).planId;
}

const ALL_READ: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
  lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
};
const SCOPED_READ: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};
const LURAH_ONLY = (ok: number): Record<Actor, number> => ({
  anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403, camat: 403, camatOther: 403,
  lurah: ok, lurahOther: 404, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
});
const CAMAT_ONLY: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403, camat: 200, camatOther: 404,
  lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
};

export const cases: MatrixCase[] = [
  {
    endpoint: 'POST /api/plans',
    request: async (w) => {
      await dropHomePlan(w);
      return { method: 'post', path: '/api/plans', body: { kelurahanCode: HOME.kelurahan, year: PLANS_MATRIX_YEAR } };
    },
    expect: LURAH_ONLY(201),
  },
  {
    // Every role lists plans; the list itself is limited to the caller's scope.
    endpoint: 'GET /api/plans',
    request: async () => ({ method: 'get', path: `/api/plans?year=${PLANS_MATRIX_YEAR}` }),
    expect: ALL_READ,
  },
  {
    endpoint: 'GET /api/plans/{id}',
    request: async (w) => ({ method: 'get', path: `/api/plans/${await somePlan(w)}` }),
    expect: SCOPED_READ,
  },
  {
    endpoint: 'GET /api/plans/{id}/versions',
    request: async (w) => ({ method: 'get', path: `/api/plans/${await somePlan(w)}/versions` }),
    expect: SCOPED_READ,
  },
  {
    endpoint: 'POST /api/plans/{id}/lines',
    request: async (w) => ({ method: 'post', path: `/api/plans/${(await freshPlan(w, 'draft')).planId}/lines`, body: LINE }),
    expect: LURAH_ONLY(201),
  },
  {
    endpoint: 'PATCH /api/plans/{id}/lines/{lineId}',
    request: async (w) => {
      const p = await freshPlan(w, 'draft');
      return { method: 'patch', path: `/api/plans/${p.planId}/lines/${p.lineId}`, body: { volume: 12 } };
    },
    expect: LURAH_ONLY(200),
  },
  {
    endpoint: 'DELETE /api/plans/{id}/lines/{lineId}',
    request: async (w) => {
      const p = await freshPlan(w, 'draft');
      return { method: 'delete', path: `/api/plans/${p.planId}/lines/${p.lineId}` };
    },
    expect: LURAH_ONLY(200),
  },
  {
    endpoint: 'POST /api/plans/{id}/submit',
    request: async (w) => ({ method: 'post', path: `/api/plans/${(await freshPlan(w, 'draft')).planId}/submit` }),
    expect: LURAH_ONLY(200),
  },
  {
    endpoint: 'POST /api/plans/{id}/approve',
    request: async (w) => ({ method: 'post', path: `/api/plans/${(await freshPlan(w, 'submitted')).planId}/approve` }),
    expect: CAMAT_ONLY,
  },
  {
    endpoint: 'POST /api/plans/{id}/return',
    request: async (w) => ({
      method: 'post',
      path: `/api/plans/${(await freshPlan(w, 'submitted')).planId}/return`,
      body: { reason: 'Harga satuan belum sesuai standar' },
    }),
    expect: CAMAT_ONLY,
  },
  {
    endpoint: 'POST /api/plans/{id}/amend',
    request: async (w) => ({ method: 'post', path: `/api/plans/${(await freshPlan(w, 'approved')).planId}/amend` }),
    expect: LURAH_ONLY(201),
  },
];

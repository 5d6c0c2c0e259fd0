import { ROLES, type Role } from '../../common/auth/auth-user';
import { decide, PLAN_ACTIONS, PLAN_STATUSES, PLAN_WORKFLOW, roleFor, STATUS_LABEL, type PlanAction, type PlanStatus } from './plan-workflow';

// The whole table written out by hand: every status × action, allowed or refused. '-' = refused (409).
const EXPECTED: Record<PlanStatus, Record<PlanAction, PlanStatus | '-'>> = {
  draft: { edit: 'draft', submit: 'submitted', approve: '-', return: '-', amend: '-' },
  returned: { edit: 'returned', submit: 'submitted', approve: '-', return: '-', amend: '-' },
  submitted: { edit: '-', submit: '-', approve: 'approved', return: 'returned', amend: '-' },
  approved: { edit: '-', submit: '-', approve: '-', return: '-', amend: 'draft' },
  superseded: { edit: '-', submit: '-', approve: '-', return: '-', amend: '-' },
};
const ROLE_OF: Record<PlanAction, Role> = { edit: 'lurah', submit: 'lurah', approve: 'camat', return: 'camat', amend: 'lurah' };

describe('plan workflow table', () => {
  const pairs = PLAN_STATUSES.flatMap((s) => PLAN_ACTIONS.map((a) => [s, a] as const));

  it('covers 5 statuses × 5 actions', () => {
    expect(pairs).toHaveLength(25);
  });

  it.each(pairs)('%s × %s: the right role gets the expected outcome', (status, action) => {
    const d = decide(status, action, ROLE_OF[action]);
    const expected = EXPECTED[status][action];
    if (expected === '-') {
      expect(d).toEqual({ ok: false, refusal: 'state', message: expect.stringContaining(`berstatus ${STATUS_LABEL[status]}`) });
    } else {
      expect(d.ok).toBe(true);
      if (d.ok) expect(d.transition.next).toBe(expected);
    }
  });

  it.each(pairs)('%s × %s: every other role is refused for its role, never for the state', (status, action) => {
    for (const role of ROLES.filter((r) => r !== ROLE_OF[action])) {
      expect(decide(status, action, role)).toMatchObject({ ok: false, refusal: 'role' });
    }
  });

  it('gives each action exactly one role across the table', () => {
    for (const a of PLAN_ACTIONS) {
      expect(roleFor(a)).toBe(ROLE_OF[a]);
      for (const s of PLAN_STATUSES) {
        const t = PLAN_WORKFLOW[s][a];
        if (t) expect(t.role).toBe(ROLE_OF[a]);
      }
    }
  });

  it('only amend opens a new version', () => {
    for (const [s, a] of pairs) {
      const t = PLAN_WORKFLOW[s][a];
      if (t) expect(Boolean(t.opensNewVersion)).toBe(s === 'approved' && a === 'amend');
    }
  });

  it('names the status in Indonesian', () => {
    expect(STATUS_LABEL).toEqual({ draft: 'draf', submitted: 'diajukan', returned: 'dikembalikan', approved: 'disetujui', superseded: 'digantikan' });
    const d = decide('submitted', 'edit', 'lurah');
    expect(!d.ok && d.message).toMatch(/^Rencana berstatus diajukan;/);
  });
});

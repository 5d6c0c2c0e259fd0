import type { Role } from '../../common/auth/auth-user';

// The approval workflow of a plan version as one pure table: status × action → next status and the one role allowed.

export const PLAN_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** `edit` covers adding, changing and removing lines of the newest version. */
export const PLAN_ACTIONS = ['edit', 'submit', 'approve', 'return', 'amend'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export interface Transition {
  next: PlanStatus;
  role: Role;
  /** amend leaves the approved version as it is and opens a new version in `next` */
  opensNewVersion?: boolean;
}

export const PLAN_WORKFLOW: Readonly<Record<PlanStatus, Readonly<Partial<Record<PlanAction, Transition>>>>> = {
  draft: {
    edit: { next: 'draft', role: 'lurah' },
    submit: { next: 'submitted', role: 'lurah' },
  },
  returned: {
    edit: { next: 'returned', role: 'lurah' },
    submit: { next: 'submitted', role: 'lurah' },
  },
  submitted: {
    approve: { next: 'approved', role: 'camat' },
    return: { next: 'returned', role: 'camat' },
  },
  approved: {
    amend: { next: 'draft', role: 'lurah', opensNewVersion: true },
  },
  // A superseded version is history: nothing moves it again.
  superseded: {},
};

export const STATUS_LABEL: Readonly<Record<PlanStatus, string>> = {
  draft: 'draf',
  submitted: 'diajukan',
  returned: 'dikembalikan',
  approved: 'disetujui',
  superseded: 'digantikan',
};

export const ACTION_LABEL: Readonly<Record<PlanAction, string>> = {
  edit: 'mengubah rincian',
  submit: 'mengajukan',
  approve: 'menyetujui',
  return: 'mengembalikan',
  amend: 'membuat perubahan',
};

/** The one role that may perform an action, whatever the status (derived from the table). */
export function roleFor(action: PlanAction): Role {
  for (const s of PLAN_STATUSES) {
    const t = PLAN_WORKFLOW[s][action];
    if (t) return t.role;
  }
  throw new RangeError(`No transition for action ${action}`);
}

export type Decision =
  | { ok: true; transition: Transition }
  | { ok: false; refusal: 'role' | 'state'; message: string };

/** A wrong role is refused before a wrong state (403 before 409), as the route layer does. */
export function decide(status: PlanStatus, action: PlanAction, role: Role): Decision {
  if (roleFor(action) !== role) {
    return { ok: false, refusal: 'role', message: `Hanya ${roleFor(action)} yang dapat ${ACTION_LABEL[action]} rencana` };
  }
  const transition = PLAN_WORKFLOW[status][action];
  if (!transition) {
    return {
      ok: false,
      refusal: 'state',
      message: `Rencana berstatus ${STATUS_LABEL[status]}; tidak dapat ${ACTION_LABEL[action]} rencana dalam status ini`,
    };
  }
  return { ok: true, transition };
}

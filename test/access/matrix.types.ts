import type { TestApp } from '../helpers/test-app';
import type { TestUser } from '../helpers/users';

/**
 * The access matrix: every endpoint × every actor, in its region and out of it.
 * "Home" resources belong to kelurahan 35.73.01.1001 (kecamatan 35.73.01, kota 35.73 Malang).
 * The "...Other" actors sit elsewhere: admin/auditor of 35.71 (Kota Kediri), camat of 35.73.02,
 * lurah of 35.73.01.1002, bendahara of 35.73.02.1001. A role the route refuses gets 403; a role it allows
 * but out of scope gets 404 (exactly like missing).
 */
export const ACTORS = [
  'anonymous', 'nationalAdmin', 'admin', 'adminOther', 'camat', 'camatOther',
  'lurah', 'lurahOther', 'bendahara', 'bendaharaOther', 'auditor', 'auditorOther',
] as const;
export type Actor = (typeof ACTORS)[number];

export interface World {
  t: TestApp;
  users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
}

export interface MatrixRequest {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
  contentType?: string;
  /** A token to send instead of the actor's own (for calls that end the caller's sessions). */
  token?: string;
}

export interface MatrixCase {
  /** The route as OpenAPI names it, e.g. 'POST /api/plans/{id}/submit': the suite checks every route is covered. */
  endpoint: string;
  /** Builds fresh state for one actor's call (so a success does not spoil the next actor) and returns the request. */
  request: (w: World, actor: Actor) => Promise<MatrixRequest>;
  /** Expected status per actor; every actor must be listed. */
  expect: Record<Actor, number>;
}

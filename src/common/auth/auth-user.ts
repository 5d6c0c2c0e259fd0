export const ROLES = ['admin', 'camat', 'lurah', 'bendahara', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as the guards put it on the request after checking the token against the user table. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  /** null only for a national admin */
  regionCode: string | null;
}

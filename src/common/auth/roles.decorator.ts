import { SetMetadata } from '@nestjs/common';
import type { Role } from './auth-user';

export const ROLES_KEY = 'roles';
/** The roles that may call a route; a route without it is open to every logged-in role. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

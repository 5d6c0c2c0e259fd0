import type { MeDto } from '../auth/auth.dto';
import type { User } from './user.entity';

export function toUserDto(u: User): MeDto {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    nip: u.nip,
    rank: u.rank,
    position: u.position,
    role: u.role,
    regionCode: u.regionCode,
    active: u.active,
  };
}

/** The columns a raw query selects for a user (USER_COLUMNS); never the hash. */
export interface UserRow {
  id: string;
  username: string;
  full_name: string;
  nip: string | null;
  rank: string | null;
  position: string | null;
  role: User['role'];
  region_code: string | null;
  active: boolean;
}

export const USER_COLUMNS = 'u.id, u.username, u.full_name, u.nip, u.rank, u.position, u.role, u.region_code, u.active';

export function rowToUserDto(r: UserRow): MeDto {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    nip: r.nip,
    rank: r.rank,
    position: r.position,
    role: r.role,
    regionCode: r.region_code,
    active: r.active,
  };
}

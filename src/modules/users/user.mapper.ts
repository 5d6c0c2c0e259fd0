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

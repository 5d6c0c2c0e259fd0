import { Region } from '../modules/regions/region.entity';
import { User } from '../modules/users/user.entity';

// Every entity, listed as classes (not globs) so the list works from src and from dist.
export const ENTITIES: Function[] = [Region, User];

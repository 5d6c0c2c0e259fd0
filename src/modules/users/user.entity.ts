import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/auth/auth-user';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  // Never serialised: responses go through toUserDto.
  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  nip: string | null;

  @Column({ type: 'text', nullable: true })
  rank: string | null;

  @Column({ type: 'text', nullable: true })
  position: string | null;

  @Column('text')
  role: Role;

  @Column({ name: 'region_code', type: 'varchar', length: 13, nullable: true })
  regionCode: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  // Tokens carry the epoch they were issued in; logout, a password change and (de)activation move it on.
  @Column({ name: 'token_epoch', type: 'integer', default: 0 })
  tokenEpoch: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

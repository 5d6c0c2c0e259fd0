import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RegionLevel = 'provinsi' | 'kabkota' | 'kecamatan' | 'kelurahan';

@Entity('region')
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 13 })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  level: RegionLevel;

  @Column({ name: 'parent_code', type: 'varchar', length: 13, nullable: true })
  parentCode: string | null;
}

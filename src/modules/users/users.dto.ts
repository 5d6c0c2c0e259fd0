import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidationOptions } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/auth-user';
import { isValidNip } from '../../common/format/nip';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsRegionCode } from '../regions/region-code';
import { MeDto } from '../auth/auth.dto';

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 10;

/** NIP PNS: 18 digits whose birth date, appointment month, gender digit and sequence make sense. */
export function IsNip(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNip',
      validator: {
        validate: (value) => isValidNip(value),
        defaultMessage: () => 'nip harus 18 digit NIP yang sah (tanggal lahir, TMT, jenis kelamin 1/2, nomor urut), mis. 19840929 201001 2 006',
      },
    },
    options,
  );
}

// Free text is stored trimmed; an empty optional field is stored as null.
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class CreateUserDto {
  @ApiProperty({ example: 'lurah.balearjosari', description: '3–64 karakter: huruf, angka, titik, garis bawah, tanda hubung; unik tanpa membedakan huruf besar/kecil' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username harus 3–64 karakter berupa huruf, angka, titik, garis bawah atau tanda hubung' })
  username: string;

  @ApiProperty({ example: 'rahasia-sekali-123', minLength: MIN_PASSWORD_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password minimal ${MIN_PASSWORD_LENGTH} karakter` })
  @MaxLength(256, { message: 'password paling banyak 256 karakter' })
  password: string;

  @ApiProperty({ example: 'Dewi Kartikasari, S.STP., M.Si.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'fullName wajib diisi' })
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ example: '198504172008012002', description: '18 digit; spasi pengelompokan boleh', nullable: true, type: String })
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '') || null : value))
  @IsOptional()
  @IsNip()
  nip?: string | null;

  @ApiPropertyOptional({ example: 'Penata Tingkat I (III/d)', description: 'pangkat/golongan', nullable: true, type: String })
  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  rank?: string | null;

  @ApiPropertyOptional({ example: 'Lurah Balearjosari', description: 'jabatan', nullable: true, type: String })
  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  position?: string | null;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[])
  role: Role;

  @ApiPropertyOptional({
    example: '35.73.01.1001',
    nullable: true,
    type: String,
    description: 'tingkat wilayah sesuai peran: kab/kota (admin, auditor), kecamatan (camat), kelurahan (lurah, bendahara); kosong hanya untuk admin nasional',
  })
  @IsOptional()
  @IsString()
  @IsRegionCode([], { message: 'regionCode harus kode wilayah Kemendagri, mis. 35.73.01.1001' })
  regionCode?: string | null;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[])
  role?: Role;

  @ApiPropertyOptional({ example: '35.73.01', description: 'pengguna di wilayah ini dan di bawahnya' })
  @IsOptional()
  @IsRegionCode()
  region?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class SetActiveDto {
  @ApiPropertyOptional({ example: 'Pindah tugas ke Kecamatan Klojen' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** A user as the API shows it: never the password hash. */
export class UserDto extends MeDto {}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
}

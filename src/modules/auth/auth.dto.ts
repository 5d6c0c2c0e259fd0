import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'lurah.balearjosari' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'rahasia-sekali-123' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ writeOnly: true, minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'newPassword minimal 10 karakter' })
  @MaxLength(256, { message: 'newPassword paling banyak 256 karakter' })
  newPassword: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) nip: string | null;
  @ApiProperty({ nullable: true, type: String }) rank: string | null;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ enum: ['admin', 'camat', 'lurah', 'bendahara', 'auditor'] }) role: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty() active: boolean;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}

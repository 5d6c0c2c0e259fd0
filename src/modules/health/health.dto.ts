import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthComponentDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status: string;
  @ApiPropertyOptional({ description: 'mengapa tidak menjawab (hanya bila down)', example: 'connect ECONNREFUSED 127.0.0.1:5432' }) message?: string;
}

export class HealthChecksDto {
  @ApiPropertyOptional({ type: HealthComponentDto }) database?: HealthComponentDto;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' }) status: string;
  @ApiProperty({ type: HealthChecksDto, description: 'bagian yang menjawab' }) info: HealthChecksDto;
  @ApiProperty({ type: HealthChecksDto, description: 'bagian yang tidak menjawab' }) error: HealthChecksDto;
  @ApiProperty({ type: HealthChecksDto, description: 'semua bagian' }) details: HealthChecksDto;
}

export class LiveDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: string;
  @ApiProperty({ example: 86_400 }) uptimeSeconds: number;
}

import { ApiProperty } from '@nestjs/swagger';

export class CodeNameDto {
  @ApiProperty({ example: '7.01.03.2.02.0002' }) code: string;
  @ApiProperty({ example: 'Pembangunan Sarana dan Prasarana Kelurahan' }) name: string;
}

export class SubTypeDto {
  @ApiProperty({ example: 'A1' }) code: string;
  @ApiProperty({ example: 'Sarana dan prasarana lingkungan permukiman' }) name: string;
  @ApiProperty({ type: [String], example: ['jalan permukiman', 'drainase', 'penerangan jalan lingkungan'] }) examples: string[];
}

export class CategoryDto {
  @ApiProperty({ enum: ['sarpras', 'pemberdayaan'], example: 'sarpras' }) code: string;
  @ApiProperty({ example: 'A' }) letter: string;
  @ApiProperty({ example: 'Pembangunan sarana dan prasarana kelurahan' }) name: string;
  @ApiProperty({ type: CodeNameDto }) subKegiatan: CodeNameDto;
  @ApiProperty({ type: [SubTypeDto] }) subTypes: SubTypeDto[];
}

export class CategoryListDto {
  @ApiProperty({ type: CodeNameDto, description: 'urusan pemerintahan' }) urusan: CodeNameDto;
  @ApiProperty({ type: CodeNameDto }) program: CodeNameDto;
  @ApiProperty({ type: CodeNameDto }) kegiatan: CodeNameDto;
  @ApiProperty({ type: [CategoryDto] }) items: CategoryDto[];
  @ApiProperty({ example: 2 }) total: number;
}

export class CodeLabelDto {
  @ApiProperty({ example: 'PAKET' }) code: string;
  @ApiProperty({ example: 'Paket' }) label: string;
}

export class CodeLabelListDto {
  @ApiProperty({ type: [CodeLabelDto] }) items: CodeLabelDto[];
  @ApiProperty({ example: 15 }) total: number;
}

export class AccountCodeListDto {
  @ApiProperty({ type: [CodeNameDto], example: [{ code: '5.1.02.01.01.0052', name: 'Belanja Makanan dan Minuman Rapat' }] }) items: CodeNameDto[];
  @ApiProperty({ example: 1 }) total: number;
}

import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Public } from '../../common/auth/public.decorator';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto } from './auth.dto';
import { AuthService } from './auth.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @ApiEndpoint({
    summary: 'Masuk dan terima accessToken',
    description: 'Tanpa login. Memeriksa username dan password; menjawab accessToken (Bearer, JWT) beserta data pengguna. Jawaban salah sama untuk pengguna tak dikenal, kata sandi salah dan akun nonaktif. Percobaan gagal dibatasi per username dan per alamat IP (429 dengan header Retry-After).',
    errors: ['INVALID_CREDENTIALS', 'TOO_MANY_REQUESTS'],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password, { ip: req.ip });
  }

  @ApiBearerAuth()
  @Post('logout')
  @ApiEndpoint({
    summary: 'Keluar: akhiri semua token dan sesi pengguna ini',
    description: 'Mengakhiri setiap accessToken dan sesi peramban pengguna yang masuk; token yang sama sesudahnya dijawab 401.',
  })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Semua token dan sesi pengguna ini berakhir' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  @ApiBearerAuth()
  @Post('password')
  @ApiEndpoint({
    summary: 'Ganti kata sandi',
    description: 'Pengguna yang masuk mengganti password-nya dengan menyebut currentPassword. Token lain berakhir; jawaban membawa accessToken baru. Percobaan currentPassword yang salah ikut dibatasi.',
    errors: ['PASSWORD_INCORRECT', 'TOO_MANY_REQUESTS'],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Kata sandi diganti; token lain berakhir, token baru disertakan' })
  changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthUser, @Req() req: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword, { ip: req.ip });
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiEndpoint({
    summary: 'Identitas pengguna yang masuk',
    description: 'Menjawab id, username, fullName, nip, role dan regionCode pengguna pemilik token.',
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user.id);
  }
}

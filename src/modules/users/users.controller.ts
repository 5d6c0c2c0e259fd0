import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { CreateUserDto, ListUsersQueryDto, SetActiveDto, UserDto, UserListDto } from './users.dto';
import { UsersService } from './users.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiEndpoint({
    summary: 'Buat pengguna (admin)',
    description: 'Admin membuat pengguna dengan role dan regionCode dalam wilayahnya: camat di kecamatan, lurah dan bendahara di kelurahan, auditor dan admin di kab/kota. Hanya admin nasional yang boleh membuat admin nasional (tanpa regionCode). Wilayah di luar wilayah admin dijawab 404 seperti wilayah yang tidak ada.',
    errors: ['USERNAME_TAKEN', 'USER_ROLE_REGION_MISMATCH', 'REGION_UNKNOWN', 'USER_NATIONAL_ADMIN_FORBIDDEN', 'REGION_NOT_FOUND'],
  })
  @Roles('admin')
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.create(user, dto);
  }

  @Get()
  @ApiEndpoint({
    summary: 'Daftar pengguna (admin)',
    description: 'Pengguna dalam wilayah admin, dapat disaring per wilayah (region), role dan status aktif; berhalaman (page, pageSize).',
    errors: ['REGION_NOT_FOUND'],
  })
  @Roles('admin')
  @ApiOkResponse({ type: UserListDto })
  list(@Query() q: ListUsersQueryDto, @CurrentUser() user: AuthUser): Promise<UserListDto> {
    return this.users.list(user, q);
  }

  @Post(':id/deactivate')
  @ApiEndpoint({
    summary: 'Nonaktifkan pengguna (admin)',
    description: 'Menonaktifkan pengguna dalam wilayah admin dengan alasan; semua token dan sesinya langsung tidak berlaku. Admin tidak dapat menonaktifkan dirinya sendiri.',
    errors: ['USER_NOT_FOUND', 'USER_SELF_DEACTIVATE', 'USER_ALREADY_INACTIVE'],
  })
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: UserDto, description: 'token pengguna itu langsung tidak berlaku' })
  deactivate(@Param('id') id: string, @Body() dto: SetActiveDto, @CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.setActive(user, id, false, dto.reason);
  }

  @Post(':id/activate')
  @ApiEndpoint({
    summary: 'Aktifkan kembali pengguna (admin)',
    description: 'Mengaktifkan kembali pengguna nonaktif dalam wilayah admin, dengan alasan yang tercatat di jejak audit.',
    errors: ['USER_NOT_FOUND', 'USER_ALREADY_ACTIVE'],
  })
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  activate(@Param('id') id: string, @Body() dto: SetActiveDto, @CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.setActive(user, id, true, dto.reason);
  }
}

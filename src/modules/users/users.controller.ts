import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { CreateUserDto, ListUsersQueryDto, SetActiveDto, UserDto, UserListDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'REGION_NOT_FOUND: wilayah di luar wilayah kerja admin (sama dengan tidak ada)' })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.create(user, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: UserListDto })
  list(@Query() q: ListUsersQueryDto, @CurrentUser() user: AuthUser): Promise<UserListDto> {
    return this.users.list(user, q);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: UserDto, description: 'token pengguna itu langsung tidak berlaku' })
  deactivate(@Param('id') id: string, @Body() dto: SetActiveDto, @CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.setActive(user, id, false, dto.reason);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  activate(@Param('id') id: string, @Body() dto: SetActiveDto, @CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.setActive(user, id, true, dto.reason);
  }
}

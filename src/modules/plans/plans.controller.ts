import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import {
  CreateLineDto,
  CreatePlanDto,
  DeletedLineDto,
  PlanDto,
  PlanLineDto,
  PlanListDto,
  PlanListQueryDto,
  PlanVersionListDto,
  ReturnPlanDto,
  UpdateLineDto,
} from './plan.dto';
import { PlanLinesService } from './plan-lines.service';
import { PlanVersionsService } from './plan-versions.service';
import { PlanWorkflowService } from './plan-workflow.service';
import { PlansService } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly lines: PlanLinesService,
    private readonly workflow: PlanWorkflowService,
    private readonly history: PlanVersionsService,
  ) {}

  @Post()
  @Roles('lurah')
  @ApiCreatedResponse({ type: PlanDto })
  create(@Body() dto: CreatePlanDto, @CurrentUser() user: AuthUser) {
    return this.plans.create(user, dto);
  }

  @Get()
  @ApiOkResponse({ type: PlanListDto })
  list(@Query() q: PlanListQueryDto, @CurrentUser() user: AuthUser) {
    return this.plans.list(user, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.plans.get(user, id);
  }

  @Get(':id/versions')
  @ApiOkResponse({ type: PlanVersionListDto })
  versions(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.history.versions(user, id);
  }

  @Post(':id/lines')
  @Roles('lurah')
  @ApiCreatedResponse({ type: PlanLineDto })
  addLine(@Param('id') id: string, @Body() dto: CreateLineDto, @CurrentUser() user: AuthUser) {
    return this.lines.addLine(user, id, dto);
  }

  @Patch(':id/lines/:lineId')
  @Roles('lurah')
  @ApiOkResponse({ type: PlanLineDto })
  updateLine(@Param('id') id: string, @Param('lineId') lineId: string, @Body() dto: UpdateLineDto, @CurrentUser() user: AuthUser) {
    return this.lines.updateLine(user, id, lineId, dto);
  }

  @Delete(':id/lines/:lineId')
  @Roles('lurah')
  @ApiOkResponse({ type: DeletedLineDto })
  deleteLine(@Param('id') id: string, @Param('lineId') lineId: string, @CurrentUser() user: AuthUser) {
    return this.lines.deleteLine(user, id, lineId);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('lurah')
  @ApiOkResponse({ type: PlanDto })
  submit(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.submit(user, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('camat')
  @ApiOkResponse({ type: PlanDto })
  approve(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.approve(user, id);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('camat')
  @ApiOkResponse({ type: PlanDto })
  return(@Param('id') id: string, @Body() dto: ReturnPlanDto, @CurrentUser() user: AuthUser) {
    return this.workflow.return(user, id, dto.reason);
  }

  @Post(':id/amend')
  @Roles('lurah')
  @ApiCreatedResponse({ type: PlanDto })
  amend(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.amend(user, id);
  }
}

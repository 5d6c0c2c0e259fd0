import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { DatabaseProbe } from './database-probe';
import { HealthDto, LiveDto } from './health.dto';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: DatabaseProbe) {}

  /** Readiness: the process answers and PostgreSQL answers (over the probe's own connection, never the pool). */
  @Public()
  @Get()
  @ApiEndpoint({
    summary: 'Kesiapan layanan',
    description: 'Tanpa login. 200 bila proses dan PostgreSQL menjawab; 503 bila basis data tidak menjawab.',
  })
  @ApiOkResponse({ type: HealthDto, description: 'siap: basis data menjawab' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'basis data tidak menjawab' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    try {
      await this.probe.ping();
      return { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } };
    } catch (e) {
      void reply.status(503);
      const down = { database: { status: 'down', message: (e as Error).message } };
      return { status: 'error', info: {}, error: down, details: down };
    }
  }

  /** Liveness: the process and its event loop answer; nothing else is asked. */
  @Public()
  @Get('live')
  @ApiEndpoint({
    summary: 'Keaktifan proses',
    description: 'Tanpa login. Proses dan event loop menjawab; tidak ada hal lain yang ditanya.',
  })
  @HttpCode(200)
  @ApiOkResponse({ type: LiveDto, description: 'proses berjalan' })
  live(): LiveDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }
}

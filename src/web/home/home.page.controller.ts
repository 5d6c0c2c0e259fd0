import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PageRequest, render } from '../page-context';
import { PageController } from '../page.decorators';

/** Beranda: what each role should look at first. */
@PageController()
export class HomePageController {
  @Get()
  async home(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    return render(req, reply, 'home/home', {});
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { pageSize } from '../common/http/pagination.js';
import { parseEvaluationFilter } from './evaluation-filter.js';
import { HistoryService } from './history.service.js';

@Controller('v1/evaluations')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  /** Recorded evaluations, newest first: `?verdict=&namespace=&rule=&cluster=&repository=&pipeline=&since=&until=&limit=&cursor=`. */
  @Get()
  async list(@Query() q: Record<string, string>) {
    const { limit, cursor, ...filter } = q;
    const page = await this.history.list(parseEvaluationFilter(filter), pageSize(limit), cursor);
    return { items: page.items, nextCursor: page.nextCursor, totalCount: page.totalCount };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.history.get(id);
  }
}

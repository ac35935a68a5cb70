import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Access } from '../auth/access.js';
import { Produces } from '../http/route-facts.js';
import { ImpactDocs } from './impact.openapi.js';
import { ImpactService } from './impact.service.js';

@ImpactDocs.controller
@Controller('v1/rules')
@Produces('application/json')
export class ImpactController {
  constructor(private readonly impact: ImpactService) {}

  /** `{ rule, replaces?, last? }` -> how many of the last `last` recorded evaluations the change flips. */
  @Post('impact')
  @HttpCode(200)
  // A preview writes nothing, but it replays recorded evaluations: a read of them.
  @Access('rules:read')
  @ImpactDocs.preview
  preview(@Body() body: unknown) {
    return this.impact.preview(body);
  }
}

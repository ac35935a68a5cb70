import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { HistoryModule } from '../history/history.module.js';
import { ChatopsController } from './chatops.controller.js';
import { ChatopsService } from './chatops.service.js';
import { FormBodyParser } from './form-body.parser.js';

/** Chat-ops: Slack slash commands and a plain-text variant for other bots. */
@Module({
  imports: [EvaluationsModule, HistoryModule],
  controllers: [ChatopsController],
  providers: [ChatopsService, FormBodyParser],
})
export class ChatopsModule {}

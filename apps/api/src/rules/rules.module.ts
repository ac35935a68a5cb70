import { Module } from '@nestjs/common';
import { RulesController } from './rules.controller.js';
import { RulesResolver } from './rules.resolver.js';
import { RulesService } from './rules.service.js';

@Module({ controllers: [RulesController], providers: [RulesService, RulesResolver], exports: [RulesService] })
export class RulesModule {}

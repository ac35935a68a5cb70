import { Module } from '@nestjs/common';
import { ImpactController } from './impact.controller.js';
import { ImpactResolver } from './impact.resolver.js';
import { ImpactService } from './impact.service.js';

@Module({ controllers: [ImpactController], providers: [ImpactService, ImpactResolver], exports: [ImpactService] })
export class ImpactModule {}

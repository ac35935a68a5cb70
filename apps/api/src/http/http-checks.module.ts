import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { KnownQueryParameters } from './known-query-parameters.js';

/**
 * The request checks that Nest runs as guards. Imported after AuthModule: global guards run in the order their
 * modules are scanned, so a caller without a valid key is refused (401) before its query is judged.
 */
@Module({ providers: [{ provide: APP_GUARD, useClass: KnownQueryParameters }] })
export class HttpChecksModule {}

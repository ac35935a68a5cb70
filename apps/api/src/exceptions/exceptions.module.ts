import { Module } from '@nestjs/common';
import { namedResourceController } from '../http/named-resource.controller.js';
import { namedResourceResolver } from '../graphql/common/named-resource.resolver.js';
import { CreateExceptionInput, ExceptionConnection, ExceptionModel, UpdateExceptionInput } from './exception.model.js';
import { ExceptionsService } from './exceptions.service.js';

@Module({
  controllers: [namedResourceController('v1/exceptions', ExceptionsService)],
  providers: [
    ExceptionsService,
    namedResourceResolver({
      name: 'Exception',
      one: 'exception',
      many: 'exceptions',
      model: ExceptionModel,
      connection: ExceptionConnection,
      createInput: CreateExceptionInput,
      updateInput: UpdateExceptionInput,
      service: ExceptionsService,
    }),
  ],
  exports: [ExceptionsService],
})
export class ExceptionsModule {}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

/** Who is calling, for audit events. Set by the auth guard; "anonymous" until keys exist. */
interface RequestWithActor {
  actor?: string;
}

function actorOf(ctx: ExecutionContext): string {
  const req =
    ctx.getType<string>() === 'graphql'
      ? GqlExecutionContext.create(ctx).getContext<{ req: RequestWithActor }>().req
      : ctx.switchToHttp().getRequest<RequestWithActor>();
  return req?.actor ?? 'anonymous';
}

export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext) => actorOf(ctx));

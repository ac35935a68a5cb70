import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { scopeOf } from '../http/request-scope.js';
import { POLICY_VERSION_HEADER, PolicySnapshotService, SNAPSHOT_HEADER } from './policy-snapshot.service.js';

/**
 * A response computed from a policy snapshot that may be out of date (the database is unavailable, or a
 * reload is pending) says so:
 *
 *     Pullwise-Snapshot: stale; reason="database unavailable"; age=12
 *
 * `age` is the number of seconds since the snapshot was last known to match the database. Responses that
 * did not read the snapshot, and every response while it is current, carry no such header. Applies to REST
 * handlers and GraphQL resolvers alike (evaluate, effective-policy, reports, impact, chat-ops).
 *
 * Every successful response that read the snapshot also names the policy version it was computed from
 * (`Pullwise-Policy-Version: 42`, the `PolicyVersion` row the snapshot was built at), so a caller can tell
 * whether two replicas answered from the same policy.
 *
 * Reads are noted in the request's scope (snapshot-reads.ts); an onSend hook sets the headers, so they are
 * there however the response is sent (returned value, reply.send, Apollo).
 */
@Injectable()
export class SnapshotFreshnessHeaders implements OnModuleInit {
  constructor(
    private readonly snapshot: PolicySnapshotService,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance<FastifyInstance>();
    // Absent when the module runs without an HTTP server (a script, a unit test).
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const version = scopeOf(request)?.snapshotVersion;
      // An error answer was not computed from the snapshot, even when the handler read it before failing.
      if (version !== undefined && reply.statusCode < 400) {
        reply.header(POLICY_VERSION_HEADER, String(version));
        const value = this.snapshot.staleness();
        if (value) reply.header(SNAPSHOT_HEADER, value);
      }
      done(null, payload);
    });
  }
}

import { IMAGE_PRESENCES } from '#k8s';
import { z } from 'zod';
import { nodeActionSchema } from './closed-sets.js';
import { nodeOutcomeSchema } from './node-behaviour.js';
import { countSchema } from './numbers.js';

// One slot on the cluster's own nodes (README.md "Fleet: your cluster's own nodes"; computed by
// libs/k8s/src/fleet/predict-fleet.ts).

export const imagePresenceSchema = z.enum(IMAGE_PRESENCES).meta({
  graphql: { name: 'ImagePresence' },
  description:
    'Whether the node holds the image, as its `status.images` tells: `unknown` when the list cannot prove absence ' +
    '(the node lists `nodeStatusMaxImages`, 50, images or more; an image of the same repository lists the maximum ' +
    '5 names; or the list is empty).',
});

export const fleetNodeSchema = z
  .object({
    node: z.string().meta({ description: 'metadata.name of the node.' }),
    kubeletVersion: z.string().meta({ description: 'As the node reports it (`status.nodeInfo.kubeletVersion`).' }),
    image: imagePresenceSchema,
    digest: z
      .string()
      .nullable()
      .meta({
        description:
          'For a slot naming a tag: the digest the node lists with that tag, i.e. the content the tag means on that ' +
          'node (nodes that pulled it at different times can differ); null for a digest reference or when not listed.',
        examples: ['sha256:ceaa3589b661c7abbfc49a375ac136641f126de3774e698713b23d19be9e93e4'],
      }),
    outcome: nodeOutcomeSchema.nullable().meta({
      description:
        "The node's outcome with its own kubelet version; null when it depends on a presence that cannot be " +
        'told, or the version is not modelled (see `assumptions`).',
    }),
  })
  .meta({ id: 'FleetNode', description: 'What the kubelet of one eligible node does with the slot.' });

export const ineligibleNodeSchema = z
  .object({
    node: z.string(),
    reason: z.string().meta({
      description: 'The first thing that keeps the pod off the node.',
      examples: ['taint dedicated=gpu:NoSchedule not tolerated'],
    }),
  })
  .meta({ id: 'IneligibleNode', description: 'A node the scheduler could not place the pod on.' });

export const fleetGroupSchema = z
  .object({
    kubeletVersion: z.string().meta({ description: 'Minor version, `1.NN`; the reported text when not modelled.' }),
    image: imagePresenceSchema,
    action: nodeActionSchema.nullable(),
    reason: z.string().nullable().meta({ description: 'The waiting reason of the outcome (`ErrImageNeverPull`, …).' }),
    count: countSchema(),
    nodes: z.array(z.string()).meta({ description: 'The first 10 nodes of the group, by name.' }),
  })
  .meta({
    id: 'FleetGroup',
    description: 'Eligible nodes with the same kubelet minor version, image presence and outcome; largest first.',
  });

export const fleetSummarySchema = z
  .object({
    pull: countSchema(),
    useLocal: countSchema(),
    fail: countSchema(),
    unknown: countSchema().meta({ description: 'Eligible nodes whose outcome is null.' }),
  })
  .meta({ id: 'FleetSummary', description: 'Eligible nodes by outcome action.' });

export const fleetSchema = z
  .object({
    observedAt: z
      .string()
      .nullable()
      .meta({ description: 'When the inventory was stored (ISO 8601): its facts are at least that old.' }),
    eligibleNodes: countSchema(),
    ineligibleNodes: countSchema(),
    summary: fleetSummarySchema,
    groups: z.array(fleetGroupSchema),
    nodes: z.array(fleetNodeSchema).meta({ description: 'Every eligible node, in the order of the inventory.' }),
    ineligible: z.array(ineligibleNodeSchema),
  })
  .meta({
    id: 'Fleet',
    description:
      "The slot on the cluster's own nodes, from the node inventory of the named cluster profile: which nodes the " +
      'pod could land on and what each kubelet does there.',
  });

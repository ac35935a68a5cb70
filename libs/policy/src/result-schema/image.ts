import { z } from 'zod';

/** ImageReference of libs/k8s without the kubelet-internal `runtimeImage`, as results show it. */
export const slotImageSchema = z
  .object({
    reference: z.string().meta({ description: 'Exactly as written in the manifest.', examples: ['nginx:1.27'] }),
    registry: z
      .string()
      .nullable()
      .meta({
        description: 'Normalised registry domain (`docker.io` for Docker Hub); null when the reference does not parse.',
        examples: ['docker.io'],
      }),
    repository: z
      .string()
      .nullable()
      .meta({
        description: 'Path below the domain (`library/nginx`); null when the reference does not parse.',
        examples: ['library/nginx'],
      }),
    tag: z
      .string()
      .nullable()
      .meta({
        description: '`latest` when neither tag nor digest is written; null when digest-only or unparsable.',
        examples: ['1.27'],
      }),
    digest: z
      .string()
      .nullable()
      .meta({ description: '`algorithm:hex`, or null.', examples: ['sha256:e3b0c442…'] }),
    error: z.string().nullable().meta({
      description: "The parser's own wording, e.g. `invalid reference format`; null when it parses.",
    }),
  })
  .meta({
    id: 'SlotImage',
    graphql: { name: 'ImageRefModel' },
    description:
      'An image reference as Kubernetes parses it. `registry` is the normalised domain (`docker.io` for Docker Hub), ' +
      '`repository` the path (`library/nginx`); `tag` is `latest` when neither tag nor digest is written. A reference ' +
      'that does not parse has `error` set and the other parts null.',
  });

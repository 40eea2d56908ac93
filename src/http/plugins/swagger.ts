import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { nameSchemas } from '../openapi-components.js';
import { PROBLEM_TYPE_BASE } from '../problem/types.js';
import { ExpressionResultSchema, GraphNodeSchema, WarningSchema } from '../schemas/expression.js';
import { HealthSchema, NotReadySchema, ReadySchema, StartingSchema, StoppingSchema } from '../schemas/health.js';
import { ExpressionImageRequestSchema, ImageOptionsSchema, PICTURE_OF_PROBLEM } from '../schemas/image.js';
import { MlpOptionsSchema, MlpParameterSchema, MlpRequestSchema, MlpResultSchema, TrainSchema } from '../schemas/mlp.js';
import { KrokiRequestSchema } from '../schemas/kroki.js';
import { ProblemSchema } from '../schemas/problem.js';
import { SERVICE_DESCRIPTION, SERVICE_NAME, SERVICE_VERSION } from '../service-info.js';

const DESCRIPTION = `${SERVICE_DESCRIPTION}

POST a micrograd-style program; gradviz evaluates it, runs backpropagation and answers every value,
every gradient and the picture micrograd's \`draw_dot\` draws, as JSON, SVG or Graphviz DOT.

Errors are RFC 9457 problem details (\`application/problem+json\`) whose \`type\` is one of the URIs
under ${PROBLEM_TYPE_BASE}; errors in a program carry its \`line\` and \`column\`, and exceeded limits
carry \`limit\`, \`limitValue\` and \`requested\`.

## Image URLs for documents

Every picture has a GET URL for \`<img src>\`: the program deflated (zlib) and written in base64url,
in the path, as \`/v1/expression/svg/{encoded}\` (also \`png\`, \`dot\`, \`json\`; options such as
\`theme=dark\` in the query). In a shell:

    printf '%s' "$SOURCE" | node -e "process.stdout.write(require('zlib').deflateSync(require('fs').readFileSync(0)).toString('base64url'))"

In a browser:

    const deflated = new Blob([source]).stream().pipeThrough(new CompressionStream('deflate'));
    const bytes = new Uint8Array(await new Response(deflated).arrayBuffer());
    const encoded = btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');

Then in Markdown: \`![graph](https://your-host/v1/expression/svg/ENCODED)\`.

## Answers of any path

A path no route has is a 404 \`not-found\` problem; a known path asked with another method is a 405
\`method-not-allowed\` problem whose \`Allow\` header lists the methods it answers. Every answer
carries \`X-Request-Id\`; text answers are compressed (Brotli or gzip) as \`Accept-Encoding\` allows.`;

/** Schemas a generated client gets a named type for (`components.schemas`), referenced wherever they are used. */
const NAMED_SCHEMAS = [
  ExpressionImageRequestSchema,
  ImageOptionsSchema,
  ExpressionResultSchema,
  GraphNodeSchema,
  WarningSchema,
  MlpRequestSchema,
  MlpOptionsSchema,
  TrainSchema,
  MlpResultSchema,
  MlpParameterSchema,
  ProblemSchema,
  PICTURE_OF_PROBLEM.svg,
  PICTURE_OF_PROBLEM.png,
  KrokiRequestSchema,
  HealthSchema,
  ReadySchema,
  StartingSchema,
  StoppingSchema,
  NotReadySchema,
];

/** The OpenAPI document, built from the route schemas, and Swagger UI at /docs. Register it before the routes. */
const docs: FastifyPluginAsync = async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: SERVICE_NAME,
        version: SERVICE_VERSION,
        description: DESCRIPTION,
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      // Relative: Swagger UI calls the service that serves it, wherever it runs.
      servers: [{ url: '/', description: 'The gradviz that serves this document.' }],
      // Open by design: no operation needs credentials.
      security: [],
      tags: [
        { name: 'expression', description: 'Evaluate, differentiate and draw a program.' },
        { name: 'mlp', description: 'Evaluate, train and draw a multi-layer perceptron, as micrograd builds it.' },
        { name: 'images', description: 'GET URLs of pictures for documents: the input in the URL, cacheable answers.' },
        { name: 'kroki', description: "Kroki's routes, so a toolchain set up for Kroki needs only gradviz's base URL." },
        { name: 'health', description: 'Probes for load balancers and orchestrators.' },
        { name: 'operations', description: 'What operators watch: metrics in Prometheus format.' },
      ],
    },
    transformObject: (built) => ('openapiObject' in built ? nameSchemas(built.openapiObject, NAMED_SCHEMAS) : built.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
};

export default fp(docs, { name: 'gradviz-docs', fastify: '5.x' });

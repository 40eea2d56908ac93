import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { PROBLEM_TYPE_BASE } from '../problem/types.js';
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

Then in Markdown: \`![graph](https://your-host/v1/expression/svg/ENCODED)\`.`;

/** The OpenAPI document, built from the route schemas, and Swagger UI at /docs. Register it before the routes. */
const docs: FastifyPluginAsync = async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: SERVICE_NAME, version: SERVICE_VERSION, description: DESCRIPTION },
      tags: [
        { name: 'expression', description: 'Evaluate, differentiate and draw a program.' },
        { name: 'mlp', description: 'Evaluate, train and draw a multi-layer perceptron, as micrograd builds it.' },
        { name: 'health', description: 'Probes for load balancers and orchestrators.' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
};

export default fp(docs, { name: 'gradviz-docs', fastify: '5.x' });

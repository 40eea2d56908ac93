# gradviz: build with the dev dependencies, run with the production ones only, as a non-root user.
#
#   docker build -t gradviz .
#   docker run --rm -p 8080:8080 --stop-timeout 25 gradviz
#
# The base is Node.js 24, the current LTS (the code also runs on Node 20, what CI runs). It is
# named by tag, not pinned by digest: no digest was at hand where this file was written, and a
# made-up one would only fail the build. To pin it, look the digest up and pass it in:
#
#   docker buildx imagetools inspect node:24-slim          # prints "Digest: sha256:..."
#   docker build --build-arg NODE_IMAGE=node:24-slim@sha256:<digest> -t gradviz .
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
RUN npm run build

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The image's unprivileged user (uid 1000); nothing under /app is writable by it.
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 and handles SIGTERM (graceful shutdown: SHUTDOWN_DRAIN_MS, then the jobs
# running finish within JOB_TIME_LIMIT_MS); give `docker stop` more than their sum (-t 25 for the
# defaults), or Docker kills it after its own 10 s.
CMD ["node", "dist/server.js"]

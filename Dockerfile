# Warden's image. NODE_IMAGE is the base of both stages: the official Node.js image by default; CI passes one
# built from Debian packages and the Node.js it tests with (scripts/docker/build-local-node-image.sh), as it
# cannot pull from a registry.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    HEALTH_PORT=9464
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The data folder (embedded PostgreSQL, backups) belongs to the unprivileged user the bot runs as, and to the
# root group, which an arbitrary uid (docker run --user 12345, OpenShift) is in; mount a volume here to keep it.
RUN mkdir -p /app/data && chown node:0 /app/data && chmod 0770 /app/data
USER node
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["node", "dist/src/healthcheck.js"]
# Node runs as PID 1: Warden handles SIGTERM and SIGINT itself (finishes interactions in flight, exits 0).
CMD ["node", "dist/src/main.js"]

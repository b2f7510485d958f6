# One image per service, all from this file: docker build --build-arg SERVICE=orders .
# syntax=docker/dockerfile:1

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/kafka-lite/package.json libs/kafka-lite/
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs

FROM node:24-bookworm-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/kafka-lite/package.json libs/kafka-lite/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim AS runtime
ARG SERVICE
# HOST: a container is reached over its network interface; services default to 127.0.0.1.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    HEALTH_PORT=3000
WORKDIR /app
COPY --from=production-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HEALTH_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec: the service is PID 1's only child and receives SIGTERM for its graceful shutdown.
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${SERVICE}/src/main.js"]
